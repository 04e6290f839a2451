import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { readOpenbNodes } from './openb-nodes.js';
import { readOpenbPods } from './openb-pods.js';
import { SAMPLE_NODES, SAMPLE_PODS } from './openb-trace-files.js';
import { renderReplayHtml } from './render-replay-html.js';
import { replaySchedulersOnTrace } from './replay-schedulers-on-trace.js';

const CHROMIUM = '/usr/bin/chromium';
const chromiumPresent = existsSync(CHROMIUM);

describe(`the trace replay page${chromiumPresent ? '' : ' [SKIPPED: no Chromium at /usr/bin/chromium; .ci/run installs it]'}`, () => {
  test.skipIf(!chromiumPresent)('loads in headless Chromium with no console errors and no network requests, one line per scheduler in each plot', async () => {
    const rows = await replaySchedulersOnTrace({
      nodes: readOpenbNodes(SAMPLE_NODES),
      pods: readOpenbPods(SAMPLE_PODS),
      mode: 'fill',
      schedulers: ['origin-equations', 'best-fit', 'fragmentation-gradient'],
    });
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-replay-html-')), 'replay.html');
    writeFileSync(file, renderReplayHtml({ nodesFile: 'nodes.csv', podsFile: 'pods <sample>.csv', mode: 'fill', rows }));
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
      expect(await page.locator('h1').textContent()).toContain('pods <sample>.csv');
      expect(await page.locator('tbody tr').count()).toBe(3);
      expect(await page.locator('svg').count()).toBe(3);
      expect(await page.locator('svg polyline').count()).toBe(9);
      expect(await page.locator('.legend').first().textContent()).toContain('origin-equations (stopped: conservation at sample-pod-00)');
    } finally {
      await browser.close();
    }
  });
});
