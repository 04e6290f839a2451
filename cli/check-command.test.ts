import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { replayTrace } from '../properties/replay-trace.js';
import { runCase } from '../properties/run-case.js';
import { traceFromRun } from '../properties/trace-from-run.js';
import { loadTrace } from '../traces/load-trace.js';
import { serializeTrace } from '../traces/write-trace.js';
import { bufferIo } from './buffer-io.js';
import { main } from './main.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-check-options-'));
const staleRead = fileURLToPath(new URL('../traces/regressions/stale-read.json', import.meta.url));

async function run(...argv: string[]) {
  const io = bufferIo();
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('check --check-determinism', () => {
  test('runs every run twice and passes when each repeats itself', async () => {
    const { code, out } = await run('check', '--cluster', 'single-leader', '--runs', '30', '--seed', '4', '--check-determinism');
    expect(code).toBe(0);
    expect(out).toContain('every run twice');
    expect(out).toContain('result: pass');
  });
});

describe('replay --check-minimal', () => {
  test('says each fault and operation of a regression trace is needed', async () => {
    const { code, out } = await run('replay', staleRead, '--check-minimal');
    expect(code).toBe(1);
    expect(out).toMatch(/^1-minimal: yes: each of the \d+ faults and client operations is needed for linearizable to break$/m);
    expect(out).not.toContain('NOT needed');
  });

  test('names what a trace could do without', async () => {
    // The regression trace with one more query, long after everything happened: it changes nothing.
    const trace = loadTrace(staleRead);
    const base = replayTrace(trace).runCase;
    const padded = { ...base, workload: [...base.workload, { atTick: 1_900, client: 2, op: { kind: 'query' } }] };
    const outcome = runCase(padded, { record: true, stopAtFirstViolation: false });
    const path = join(dir, 'padded.json');
    writeFileSync(path, serializeTrace(traceFromRun(padded, outcome, { seed: trace.seed, path: trace.path, shrink: { shrinks: 0, complete: false, property: 'linearizable' } })));
    const { code, out } = await run('replay', path, '--check-minimal');
    expect(code).toBe(1);
    expect(out).toMatch(/^1-minimal: no: 1 of the \d+ faults and client operations can go and linearizable still breaks$/m);
    expect(out).toContain('  NOT needed  client 2 query at tick 1900: without it linearizable still breaks');
    const json = JSON.parse((await run('replay', path, '--check-minimal', '--json')).out);
    expect(json.traces[0].minimality).toMatchObject({ property: 'linearizable', minimal: false });
  });

  test('with a scheduler module or counterexample is a usage error', async () => {
    const { code, err } = await run('replay', staleRead, '--check-minimal', '--scheduler', './my-scheduler.ts');
    expect(code).toBe(2);
    expect(err).toMatch(/^faultline: usage: --check-minimal applies to cluster traces of built-in schedulers\n$/);
  });
});

describe('replay names the first divergence in one line', () => {
  test('an edited recording: the step, then the recorded and the replayed event around where they differ', async () => {
    const trace = loadTrace(staleRead);
    const index = trace.events.findIndex((event) => event.kind === 'deliver' && event.msg.kind === 'append-entries');
    const edited = { ...trace, events: trace.events.map((event, at) => (at === index && event.kind === 'deliver' ? { ...event, msg: { ...event.msg, leaderCommit: 99 } } : event)) };
    const path = join(dir, 'edited.json');
    writeFileSync(path, serializeTrace(edited));
    const { out } = await run('replay', path);
    const lines = out.split('\n').filter((line) => line.startsWith('NONDETERMINISM'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^NONDETERMINISM at step ${trace.events[index]!.step} \\(event #${index}\\): recorded .*"leaderCommit":99.*, replayed .*"leaderCommit":\\d+`));
  });
});

test.each([
  ['a shard that is not K/N', ['--shard', 'two'], /usage: --shard takes K\/N: shard K of N, 1 <= K <= N <= 10000 \(e\.g\. --shard 2\/4\) \(got=two\)/],
  ['shard 0', ['--shard', '0/2'], /usage: --shard takes K\/N/],
  ['a shard past the last', ['--shard', '3/2'], /usage: --shard takes K\/N/],
  ['--shard with --scheduler', ['--shard', '1/2', '--scheduler', 'best-fit'], /usage: check: --shard does not apply to a scheduler check \(--scheduler\); leave it out/],
  ['--check-determinism with --scheduler', ['--check-determinism', '--scheduler', 'best-fit'], /usage: check: --check-determinism does not apply to a scheduler check \(--scheduler\); leave it out/],
  ['--check-determinism with a value', ['--check-determinism=yes'], /usage: check: Option '--check-determinism' does not take an argument/],
])('check with %s gives exit 2 and one line', async (_name, args, expected) => {
  const { code, err, out } = await run('check', ...args);
  expect(code).toBe(2);
  expect(out).toBe('');
  expect(err.split('\n').filter(Boolean)).toHaveLength(1);
  expect(err).toMatch(expected);
});
