import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkOfflinePage, chromiumPresent, CHROMIUM_SKIP_NOTE } from '../html/offline-page.js';
import { compareClusters } from './compare-clusters.js';
import { comparisonRows } from './comparison-rows.js';
import { renderCompareHtml } from './render-compare-html.js';

describe(`the comparison page${CHROMIUM_SKIP_NOTE}`, () => {
  test.skipIf(!chromiumPresent)('loads in headless Chromium with no console errors and no network requests; each of its three plots draws a line per cluster over shaded fault periods', async () => {
    const comparison = compareClusters({ seed: 3, cases: 12, nodeCount: 5 });
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-compare-html-')), 'compare.html');
    writeFileSync(file, renderCompareHtml(comparison));
    await checkOfflinePage(file, async (page) => {
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
    });
  });
});
