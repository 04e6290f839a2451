import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { bufferIo } from './buffer-io.js';
import { MUTANTS } from '../impl/mutants.js';
import { main } from './main.js';

async function run(...argv: string[]) {
  const io = bufferIo();
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('faultline check', () => {
  test('passes on the correct cluster, prints the seed first and non-zero coverage', async () => {
    const { code, out } = await run('check', '--cluster', 'single-leader', '--runs', '200', '--seed', '11');
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('seed: 11');
    expect(out).toMatch(/coverage \(sometimes\): single-leader: 200 runs; 200 elected a leader; [1-9]\d* had leaders in two or more terms;/);
    for (const counter of ['placed a job', 'completed a job', 'moved a job', 'rejected a job', 'healed a partition']) expect(out).toMatch(new RegExp(`; [1-9]\\d* ${counter}`));
    expect(out).toContain('result: pass');
  });

  test('--json prints one object with the contract fields', async () => {
    const { code, out } = await run('check', '--cluster', 'single-leader', '--runs', '50', '--seed', '3', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ result: 'pass', runs: 50, violations: [], seed: 3 });
    expect(typeof report.durationMs).toBe('number');
    expect(report.coverage['single-leader'].reached['leader-elected']).toBe(50);
  });

  test.each([
    ['ack-before-commit', 'no-lost-ack', '3'],
    ['lease-ignores-drift', 'single-leader', '5'],
  ])('catches %s as %s, writes a trace that replays to the same step, and holds with --mutant none', async (mutant, property, seed) => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-check-'));
    const junit = join(dir, 'junit.xml');
    const check = await run('check', '--cluster', 'single-leader', '--mutant', mutant, '--seed', seed, '--time-budget', '60', '--json', '--traces-dir', dir, '--junit', junit);
    expect(check.code).toBe(1);
    const report = JSON.parse(check.out);
    expect(report.result).toBe('fail');
    expect(report.violations[0].property).toBe(property);
    const trace = report.violations[0].trace as string;
    expect(readdirSync(dir)).toContain(trace.slice(dir.length + 1));
    expect(check.err).toContain(`replay: npx faultline replay ${trace}`);
    expect(readFileSync(junit, 'utf8')).toContain(`<failure message=`);

    const recorded = JSON.parse(readFileSync(trace, 'utf8'));
    const replay = await run('replay', trace, '--json');
    expect(replay.code).toBe(1);
    const replayed = JSON.parse(replay.out).traces[0];
    expect(replayed.divergence).toBeNull();
    expect(replayed.violations[0]).toEqual(recorded.verdict.violations[0]);

    const text = await run('replay', trace);
    expect(text.out).toContain(`VIOLATION ${property} at step ${recorded.verdict.violations[0].step}`);

    const fixed = await run('replay', trace, '--mutant', 'none');
    expect(fixed.code).toBe(0);
    expect(fixed.out).toContain('result: held');
  });

  test('the same seed twice writes byte-identical traces', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-same-'));
    const args = ['check', '--cluster', 'single-leader', '--mutant', 'move-without-handoff', '--seed', '3', '--time-budget', '60', '--json', '--traces-dir', dir];
    const first = JSON.parse((await run(...args)).out).violations[0].trace;
    const second = JSON.parse((await run(...args)).out).violations[0].trace;
    expect(second).not.toBe(first);
    expect(readFileSync(second, 'utf8')).toBe(readFileSync(first, 'utf8'));
  });
});

describe('faultline check --workers', () => {
  test('splits the runs across worker threads and merges their counts', async () => {
    const { code, out } = await run('check', '--cluster', 'single-leader', '--runs', '100', '--seed', '4', '--workers', '2', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ result: 'pass', runs: 100, coverage: { 'single-leader': { runs: 100, reached: { 'leader-elected': 100 } } } });
  });

  test('a failure in one shard fails the gate and leaves a replayable trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-workers-'));
    const check = await run('check', '--cluster', 'single-leader', '--mutant', 'no-restart-promise', '--seed', '3', '--workers', '2', '--time-budget', '60', '--json', '--traces-dir', dir);
    expect(check.code).toBe(1);
    const trace = JSON.parse(check.out).violations[0].trace;
    expect((await run('replay', trace)).code).toBe(1);
  });
});

describe('faultline mutants', () => {
  test('lists each mutant with the property that must catch it', async () => {
    const { code, out } = await run('mutants', '--json');
    expect(code).toBe(0);
    const listed = JSON.parse(out).mutants as { name: string; caughtAs: string[] }[];
    expect(listed.map((m) => m.name)).toEqual(MUTANTS.map((m) => m.name));
    for (const mutant of listed) expect(mutant.caughtAs.length).toBeGreaterThan(0);
  });
});
