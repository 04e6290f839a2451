import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { checkOfflinePage, chromiumPresent, CHROMIUM_SKIP_NOTE } from '../properties/html/offline-page.js';
import { bufferIo } from './buffer-io.js';
import { main } from './main.js';

const regressions = fileURLToPath(new URL('../traces/regressions/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'faultline-view-'));

async function run(...argv: string[]) {
  const io = bufferIo();
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

async function view(trace: string, name: string): Promise<string> {
  const output = join(dir, name);
  const { code, out } = await run('view', trace, '-o', output);
  expect(code).toBe(0);
  expect(out).toMatch(new RegExp(`^wrote ${output.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 3 nodes`));
  return output;
}

// Short enough that a job id or tenant carrying it (64 characters at most) is still a valid trace.
const PAYLOAD = `<script>alert(1)</script><img src=x onerror=alert(2)>"'&`;

/** Every string of a trace under one of `keys` (job ids, tenants, ...) with markup and script appended. */
function hostile(trace: unknown, keys: readonly string[]): unknown {
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') return key !== undefined && keys.includes(key) ? `${value}${PAYLOAD}` : value;
    if (Array.isArray(value)) return value.map((item) => walk(item));
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return walk(trace);
}

describe(`faultline view in headless Chromium${CHROMIUM_SKIP_NOTE}`, () => {
  test.skipIf(!chromiumPresent)('a linearizability violation: lanes per node and client, the violation at its tick, and the checker\'s view with the stuck operation', async () => {
    const page = await view(join(regressions, 'stale-read.json'), 'stale-read.html');
    await checkOfflinePage(page, async (page) => {
      expect(await page.locator('h1').textContent()).toContain('linearizable broken at step');
      expect(await page.locator('.violation-mark').count()).toBe(1);
      expect(await page.locator('.violation-label').textContent()).toBe('linearizable');
      expect(await page.locator('.node-lane').count()).toBe(3);
      expect(await page.locator('svg text', { hasText: /^leader t\d+$/ }).count()).toBeGreaterThan(0);
      expect(await page.locator('.client-op').count()).toBeGreaterThan(0);
      // The checker's own view, and the operation where every linearization got stuck outlined on the timeline.
      expect(await page.locator('div.lin').textContent()).toContain('Longest partial linearization');
      expect(await page.locator('text=Every linearization got stuck at').count()).toBe(1);
      expect(await page.locator('.op-stuck').count()).toBe(1);
    });
  });

  test.skipIf(!chromiumPresent)('faults and aimed faults: crashes and partitions as spans, triggers on the node that set them off', async () => {
    const page = await view(join(regressions, 'no-fencing.json'), 'no-fencing.html');
    await checkOfflinePage(page, async (page) => {
      expect(await page.locator('.violation-label').first().textContent()).toBe('conservation');
      expect(await page.locator('rect.band-down').count()).toBeGreaterThan(1);
      expect(await page.locator('path.mark-trigger').count()).toBe(3);
      expect(await page.locator('path.mark-armed').count()).toBeGreaterThan(0);
      expect(await page.locator('table.faults tr').count()).toBe(3);
      expect(await page.locator('polyline.series-memory').count()).toBe(3);
    });
  });

  test.skipIf(!chromiumPresent)('a leaderless trace: coordinator roles and terms, the free escrow each node holds, transfers sent', async () => {
    const page = await view(join(regressions, 'transfer-not-idempotent.json'), 'transfer-not-idempotent.html');
    await checkOfflinePage(page, async (page) => {
      expect(await page.locator('h1').textContent()).toContain('leaderless');
      expect(await page.locator('.violation-label').first().textContent()).toBe('conservation');
      // The coordinator's spans are too short here for their labels; their tooltips name the term.
      expect(await page.locator('rect.band-coordinator').count()).toBeGreaterThan(0);
      expect(await page.locator('rect.band-coordinator title', { hasText: /^n\d coordinator in term \d+, ticks \d+-\d+$/ }).count()).toBeGreaterThan(0);
      expect(await page.locator('path.mark-transfer').count()).toBeGreaterThan(0);
      expect(await page.locator('polyline.series-cpu').count()).toBe(3);
      expect(await page.locator('ul.legend').textContent()).toContain('capacity transfer sent');
    });
  });

  test.skipIf(!chromiumPresent)('a trace whose job ids, tenants and command hold markup and script shows them as text and runs nothing', async () => {
    const source = join(dir, 'hostile.json');
    writeFileSync(source, JSON.stringify(hostile(JSON.parse(readFileSync(join(regressions, 'stale-read.json'), 'utf8')), ['job', 'tenant', 'command'])));
    const page = await view(source, 'hostile.html');
    await checkOfflinePage(page, async (page) => {
      expect(await page.locator('script, img, iframe, object, embed, [onerror]').count()).toBe(0);
      // The job ids show on the bars' tooltips, and whole in the checker's view and the run's command.
      expect(await page.locator('svg title', { hasText: `job=j1${PAYLOAD}` }).count()).toBeGreaterThan(0);
      expect(await page.locator('div.lin').textContent()).toContain(`j1${PAYLOAD}`);
      expect(await page.locator('p.meta').last().textContent()).toContain(`--seed 1 --time-budget 150${PAYLOAD}`);
      expect(await page.locator('h1').textContent()).toContain('linearizable broken');
    });
    // checkOfflinePage saw no dialog and no error: a script that slipped through would also be refused by the page's Content-Security-Policy, which logs one.
  });
});

test('a scheduler name with markup is not a trace: the schema refuses it and no page is written', async () => {
  const source = join(dir, 'hostile-scheduler.json');
  writeFileSync(source, JSON.stringify(hostile(JSON.parse(readFileSync(join(regressions, 'stale-read.json'), 'utf8')), ['scheduler'])));
  const { code, err } = await run('view', source, '-o', join(dir, 'hostile-scheduler.html'));
  expect(code).toBe(2);
  expect(err).toMatch(/^faultline: schema: the trace does not match the schema: \/config\/cluster\/scheduler must match pattern/);
  expect(readdirSync(dir)).not.toContain('hostile-scheduler.html');
});

describe('faultline view', () => {
  test('writes the largest regression trace as one page that holds every node, fault and client operation', async () => {
    const page = await view(join(regressions, 'truncate-on-stale-append.json'), 'largest.html');
    const html = readFileSync(page, 'utf8');
    expect(html).not.toMatch(/<script|<link|<img|src=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html.match(/class="node-lane"/g)).toHaveLength(3);
    expect(html).toContain('class="violation-label"');
  });

  test('never writes over an existing file and leaves nothing behind', async () => {
    const output = join(dir, 'taken.html');
    writeFileSync(output, 'mine');
    const { code, err } = await run('view', join(regressions, 'stale-read.json'), '-o', output);
    expect(code).toBe(2);
    expect(err).toMatch(/^faultline: trace-exists: refusing to overwrite an existing file/);
    expect(readFileSync(output, 'utf8')).toBe('mine');
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  const bad = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  test.each([
    ['a missing trace', () => ['view', join(dir, 'nope.json'), '-o', join(dir, 'a.html')], /file-missing: no such trace file/],
    ['a trace that is not JSON', () => ['view', bad('broken.json', '{"formatVersion":'), '-o', join(dir, 'b.html')], /not-json: the trace file is not JSON/],
    ['a trace that fails the schema', () => ['view', bad('schema.json', JSON.stringify({ formatVersion: 2, seed: 1 })), '-o', join(dir, 'c.html')], /schema: the trace does not match the schema/],
    ['a trace of another formatVersion', () => ['view', bad('v9.json', JSON.stringify({ formatVersion: 9 })), '-o', join(dir, 'd.html')], /format-version: trace formatVersion 9 is not supported/],
    ['no output file', () => ['view', join(regressions, 'stale-read.json')], /usage: view: name the page to write with -o FILE\.html/],
    ['an unknown option', () => ['view', join(regressions, 'stale-read.json'), '--frobnicate'], /usage: view: Unknown option '--frobnicate'/],
    ['no trace', () => ['view', '-o', join(dir, 'e.html')], /usage: view: missing trace file/],
    ['two traces', () => ['view', 'a.json', 'b.json', '-o', join(dir, 'f.html')], /usage: view: unexpected argument "b\.json"/],
  ])('%s gives exit 2 and one line', async (_name, argv, expected) => {
    const { code, err, out } = await run(...argv());
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(err).toMatch(expected);
  });
});
