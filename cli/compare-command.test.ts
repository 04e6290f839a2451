import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { bufferIo } from './buffer-io.js';
import { main } from './main.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-compare-'));

describe('faultline compare', () => {
  test('--json prints one object with the method, per-cluster figures with their counts, and the plots\' series', async () => {
    const io = bufferIo();
    expect(await main(['compare', '--runs', '4', '--seed', '9', '--json'], io)).toBe(0);
    const lines = io.out().trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!);
    expect(report).toMatchObject({ result: 'compared', seed: 9, cases: 4, nodeCount: 5, runTicks: 4000, faultPhaseTicks: 2000, crashWindowTicks: 400, bucketTicks: 100, clientTimeoutTicks: 1000 });
    expect(typeof report.durationMs).toBe('number');
    expect(report.clusters.map((c: { cluster: string }) => c.cluster)).toEqual(['single-leader', 'leaderless']);
    for (const cluster of report.clusters) {
      expect(Object.keys(cluster).sort()).toEqual(['availability', 'busiestNodeAnswerShare', 'cluster', 'latencyTicks', 'messages', 'recoveryTicks', 'rejections', 'requests', 'runs', 'violations']);
      expect(cluster.runs).toBe(4);
      expect(Object.keys(cluster.availability).sort()).toEqual(['afterOfficeCrash', 'all', 'duringPartition', 'whileNodeDown']);
      expect(cluster.availability.all).toEqual({ answered: expect.any(Number), requests: expect.any(Number), share: expect.any(Number) });
      expect(cluster.availability.afterOfficeCrash.crashes).toEqual(expect.any(Number));
      expect(Object.keys(cluster.latencyTicks).sort()).toEqual(['count', 'median', 'p99']);
      expect(Object.keys(cluster.rejections).sort()).toEqual(['rejected', 'submits', 'whileFree']);
      expect(Object.keys(cluster.messages).sort()).toEqual(['officeShare', 'perRequest', 'perThousandTicks', 'sent']);
      expect(Object.keys(cluster.recoveryTicks).sort()).toEqual(['count', 'crashes', 'median', 'notRecovered', 'p99']);
      expect(cluster.violations).toEqual({ runs: 0, properties: [] });
      expect(cluster.requests.made).toBe(cluster.requests.answered + cluster.requests.gaveUp + cluster.requests.openAtEnd);
    }
    expect(report.buckets).toHaveLength(40);
    expect(Object.keys(report.buckets[0]).sort()).toEqual(['crashedShare', 'fromTick', 'partitionShare', 'toTick']);
    expect(report.series.map((s: { buckets: unknown[] }) => s.buckets.length)).toEqual([40, 40]);
    expect(Object.keys(report.series[0].buckets[0]).sort()).toEqual(['availability', 'latencyTicks']);
  });

  test('the same seed prints the same figures', async () => {
    const figures = async () => {
      const io = bufferIo();
      await main(['compare', '--runs', '3', '--seed', '2', '--json'], io);
      const { durationMs: _ignored, ...rest } = JSON.parse(io.out());
      return rest;
    };
    expect(await figures()).toEqual(await figures());
  });

  test('the table names both clusters, every figure and how it was measured; --html writes the page and never over a file', async () => {
    const page = join(dir, 'deep', 'compare.html');
    const io = bufferIo();
    expect(await main(['compare', '--runs', '3', '--node-count', '3', '--html', page], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(/^faultline compare: seed 1, 3 cases, 6 runs of single-leader and leaderless in \d+\.\ds\n/);
    expect(out).toContain('- 3 cases of 3 nodes from seed 1');
    expect(out).toMatch(/figure +single-leader +leaderless/);
    for (const label of ['answered before the client gave up', 'made during a partition', 'made ≤400 ticks after an office crash', 'latency in ticks, median / p99', 'while capacity was certainly free somewhere', 'node-to-node messages per request', 'recovery after an office crash', 'runs that broke a property']) {
      expect(out).toContain(label);
    }
    expect(out).toContain('Timed faults only');
    expect(out).toContain(`page: ${page}`);
    const written = readFileSync(page, 'utf8');
    expect(written).toContain('<svg');
    expect(readdirSync(join(dir, 'deep'))).toEqual(['compare.html']);
    const again = bufferIo();
    expect(await main(['compare', '--runs', '1', '--html', page], again)).toBe(2);
    expect(again.err()).toMatch(/^faultline: trace-exists: refusing to overwrite an existing file \(path=.*compare\.html\)\n$/);
    expect(readFileSync(page, 'utf8')).toBe(written);
  });

  test('--help says what the command does and what its exit statuses mean', async () => {
    const io = bufferIo();
    expect(await main(['compare', '--help'], io)).toBe(0);
    expect(io.out()).toContain('usage: faultline compare [--runs N] [--seed S] [--node-count N] [--json] [--html FILE]');
    expect(io.out()).toMatch(/Exit status: 0 the comparison ran[\s\S]*2 usage error or bad input/);
  });

  const existing = join(dir, 'exists.html');
  writeFileSync(existing, 'mine');
  test.each([
    ['no cases', ['--runs', '0'], /usage: --runs must be between 1 and 100000 \(got=0\)/],
    ['a count that is not a number', ['--runs', 'lots'], /usage: --runs takes a whole number \(got=lots\)/],
    ['too few nodes', ['--node-count', '2'], /usage: --node-count must be between 3 and 9 \(got=2\)/],
    ['a bad seed', ['--seed', '1.5'], /usage: --seed takes a whole number \(got=1\.5\)/],
    ['an unknown option', ['--nodes', '5'], /usage: compare: Unknown option '--nodes'/],
    ['a stray argument', ['leaderless'], /usage: compare: unexpected argument "leaderless"/],
    ['--html without a file', ['--html'], /usage: compare: Option '--html <value>' argument missing/],
    ['--html naming an existing file', ['--html', existing], /trace-exists: refusing to overwrite an existing file/],
    ['--html inside a file', ['--html', join(existing, 'page.html')], /write-failed: cannot write the page to ".*exists\.html": it is a file, not a folder/],
  ])('%s gives exit 2 and one line', async (_name, args, expected) => {
    const io = bufferIo();
    expect(await main(['compare', ...args], io)).toBe(2);
    const lines = io.err().split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
    expect(io.out()).toBe('');
    expect(readFileSync(existing, 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'deep', 'nothing.html'))).toBe(false);
  });
});
