import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { bufferIo } from './buffer-io.js';
import { main } from './main.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-merge-'));

async function run(...argv: string[]) {
  const io = bufferIo();
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

/** Runs `check --json` and keeps its output in a file, as a CI shard's job does. */
async function checkTo(name: string, ...args: string[]): Promise<{ code: number; file: string; result: Record<string, unknown> }> {
  const { code, out } = await run('check', '--cluster', 'single-leader', '--json', '--traces-dir', join(dir, `${name}-traces`), ...args);
  const file = join(dir, `${name}.json`);
  writeFileSync(file, out);
  return { code, file, result: JSON.parse(out) as Record<string, unknown> };
}

const withoutCommand = (path: string) => {
  const { command: _command, ...rest } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  return rest;
};

describe('faultline merge', () => {
  test('two shards of a failing seed merge to the verdict, the failing run and the trace of one process', async () => {
    const args = ['--mutant', 'lease-ignores-drift', '--seed', '1', '--runs', '400'];
    const whole = await checkTo('whole-fail', ...args);
    const first = await checkTo('shard1-fail', ...args, '--shard', '1/2');
    const second = await checkTo('shard2-fail', ...args, '--shard', '2/2', '--workers', '2');
    expect(whole.code).toBe(1);
    const junit = join(dir, 'merged-fail.xml');
    const merged = await run('merge', first.file, second.file, '--json', '--junit', junit);
    expect(merged.code).toBe(1);
    const report = JSON.parse(merged.out);
    const [wholeViolation] = whole.result.violations as { property: string; run: number; trace: string }[];
    expect(report).toMatchObject({ result: 'fail', seed: 1, shards: 2 });
    expect(report.violations[0]).toMatchObject({ property: wholeViolation!.property, run: wholeViolation!.run });
    // The failing run is shrunk from the same case whichever process made it, so the traces agree but for the command that wrote them.
    expect(withoutCommand(report.violations[0].trace)).toEqual(withoutCommand(wholeViolation!.trace));
    expect(readFileSync(junit, 'utf8')).toContain(`<testcase classname="faultline check single-leader" name="${wholeViolation!.property}"`);
    expect(readFileSync(junit, 'utf8')).toMatch(/failures="1"/);

    const text = await run('merge', second.file, first.file);
    expect(text.out).toMatch(new RegExp(`^merged 2 shards of seed 1: cluster single-leader, mutant lease-ignores-drift\\nVIOLATION ${wholeViolation!.property} in run ${wholeViolation!.run} \\(shard \\d/2\\)`));
    expect(text.out).toMatch(/result: fail; \d+ runs\n$/);
  });

  test('two shards of a passing seed merge to its verdict, runs and counts', async () => {
    const args = ['--seed', '9', '--runs', '120'];
    const whole = await checkTo('whole-pass', ...args);
    const shards = [await checkTo('shard1-pass', ...args, '--shard', '1/2'), await checkTo('shard2-pass', ...args, '--shard', '2/2')];
    expect(shards.map((shard) => shard.result.runs)).toEqual([60, 60]);
    const merged = await run('merge', ...shards.map((shard) => shard.file), '--json');
    expect(merged.code).toBe(0);
    expect(JSON.parse(merged.out)).toMatchObject({ result: 'pass', runs: 120, violations: [], coverage: whole.result.coverage });
  });

  test('--workers does not change what check prints, apart from how long it took', async () => {
    const args = ['--mutant', 'stale-read', '--seed', '2', '--runs', '300'];
    const one = await checkTo('workers1', ...args);
    const two = await checkTo('workers2', ...args, '--workers', '2');
    const comparable = (result: Record<string, unknown>) => JSON.parse(JSON.stringify({ ...result, durationMs: 0 }).replaceAll(/workers[12]-traces/g, 'traces'));
    expect(comparable(two.result)).toEqual(comparable(one.result));
    expect(one.result.result).toBe('fail');
  });

  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const result = (shard: string, changes: Record<string, unknown> = {}) =>
    JSON.stringify({
      format: 'faultline-check-result',
      formatVersion: 1,
      result: 'pass',
      runs: 10,
      violations: [],
      durationMs: 5,
      seed: 4,
      clusters: ['single-leader'],
      mutant: null,
      coverage: { 'single-leader': { runs: 10, reached: { 'leader-elected': 10, 'job-placed': 10 } } },
      undecided: 0,
      shard: { index: Number(shard.split('/')[0]), count: Number(shard.split('/')[1]) },
      checkDeterminism: false,
      ...changes,
    });
  test.each([
    ['a missing file', () => [join(dir, 'nope.json')], /file-missing: no such check result file/],
    ['a file that is not JSON', () => [file('broken.json', '{"result":')], /not-json: the check result is not JSON/],
    ['a trace instead of a result', () => [file('trace.json', JSON.stringify({ formatVersion: 2, seed: 1 }))], /schema: not the output of faultline check --json/],
    ['a result of another format version', () => [file('v2.json', result('1/1', { formatVersion: 2 }))], /format-version: check result formatVersion 2 is not supported/],
    ['a result that fails its schema', () => [file('bad-runs.json', result('1/1', { runs: -1 }))], /schema: the check result does not match its schema: \/runs must be >= 0/],
    ['an unknown option', () => ['--frobnicate'], /usage: merge: Unknown option '--frobnicate'/],
    ['no files', () => [], /usage: merge: missing check result file/],
    ['a missing shard', () => [file('s1of3.json', result('1/3')), file('s3of3.json', result('3/3'))], /usage: merge: shard 2\/3 is missing/],
    ['the same shard twice', () => [file('a1of2.json', result('1/2')), file('b1of2.json', result('1/2'))], /usage: merge: .*b1of2\.json and .*a1of2\.json are both shard 1\/2/],
    ['shards of another seed', () => [file('c1of2.json', result('1/2')), file('c2of2.json', result('2/2', { seed: 5 }))], /usage: merge: .*c2of2\.json is not a shard of the same check/],
  ])('%s gives exit 2 and one line', async (_name, argv, expected) => {
    const { code, err, out } = await run('merge', ...argv());
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(err).toMatch(expected);
  });
});
