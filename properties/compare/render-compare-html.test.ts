import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { compareClusters } from './compare-clusters.js';
import { comparisonRows } from './comparison-rows.js';
import { renderCompareHtml } from './render-compare-html.js';

const CHROMIUM = '/usr/bin/chromium';
const chromiumPresent = existsSync(CHROMIUM);

describe(`the comparison page${chromiumPresent ? '' : ' [SKIPPED: no Chromium at /usr/bin/chromium; .ci/run installs it]'}`, () => {
  test.skipIf(!chromiumPresent)('loads in headless Chromium with no console errors and no network requests; both plots draw a line per cluster over shaded fault periods', async () => {
    const comparison = compareClusters({ seed: 3, cases: 12, nodeCount: 5 });
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-compare-html-')), 'compare.html');
    writeFileSync(file, renderCompareHtml(comparison));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(pathToFileURL(file).href);
      expect(errors).toEqual([]);
      expect(requests).toEqual([pathToFileURL(file).href]);
      expect(await page.locator('h1').textContent()).toBe('single-leader vs leaderless: 12 cases of 5 nodes, seed 3');
      expect(await page.locator('tbody tr').count()).toBe(comparisonRows(comparison).length);
      expect(await page.locator('thead th').allTextContents()).toEqual(['figure', 'single-leader', 'leaderless']);
      const charts = page.locator('figure');
      expect(await charts.locator('figcaption').allTextContents()).toEqual([
        'Requests answered before the client gave up',
        'Latency of answered requests, median, ticks',
        'Latency of answered requests, p99, ticks',
      ]);
      for (let index = 0; index < 3; index++) {
        const svg = charts.nth(index).locator('svg');
        // Rendered, not merely present: the browser laid the plot out at its size.
        const box = await svg.boundingBox();
        expect(box?.width).toBe(640);
        expect(box?.height).toBe(320);
        const lines = await svg.locator('polyline title').allTextContents();
        expect(new Set(lines)).toEqual(new Set(['single-leader', 'leaderless']));
        expect(await svg.locator('rect.band').count()).toBeGreaterThan(0);
        expect(await svg.locator('line.marker').count()).toBe(1);
        const legend = await charts.nth(index).locator('.legend').textContent();
        expect(legend).toMatch(/a partition \(darkest: in \d+% of cases\)/);
        expect(legend).toMatch(/a node down after a crash \(darkest: in \d+% of cases\)/);
      }
      const bandTitles = await charts.first().locator('rect.band title').allTextContents();
      expect(bandTitles.some((title) => /a partition in \d+% of cases/.test(title))).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
