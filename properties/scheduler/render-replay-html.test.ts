import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkOfflinePage, chromiumPresent, CHROMIUM_SKIP_NOTE } from '../html/offline-page.js';
import { readOpenbNodes } from './openb-nodes.js';
import { readOpenbPods } from './openb-pods.js';
import { SAMPLE_NODES, SAMPLE_PODS } from './openb-trace-files.js';
import { renderReplayHtml } from './render-replay-html.js';
import { replaySchedulersOnTrace } from './replay-schedulers-on-trace.js';

describe(`the trace replay page${CHROMIUM_SKIP_NOTE}`, () => {
  test.skipIf(!chromiumPresent)('loads in headless Chromium with no console errors and no network requests, one line per scheduler in each plot', async () => {
    const rows = await replaySchedulersOnTrace({
      nodes: readOpenbNodes(SAMPLE_NODES),
      pods: readOpenbPods(SAMPLE_PODS),
      mode: 'fill',
      schedulers: ['origin-equations', 'best-fit', 'fragmentation-gradient'],
    });
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-replay-html-')), 'replay.html');
    writeFileSync(file, renderReplayHtml({ nodesFile: 'nodes.csv', podsFile: 'pods <sample>.csv', mode: 'fill', rows }));
    await checkOfflinePage(file, async (page) => {
      expect(await page.locator('h1').textContent()).toContain('pods <sample>.csv');
      expect(await page.locator('tbody tr').count()).toBe(3);
      expect(await page.locator('svg').count()).toBe(3);
      expect(await page.locator('svg polyline').count()).toBe(9);
      expect(await page.locator('.legend').first().textContent()).toContain('origin-equations (stopped: conservation at sample-pod-00)');
    });
  });
});
