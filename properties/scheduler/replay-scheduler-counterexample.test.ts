import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { FaultlineError } from '../../model/faultline-error.js';
import { checkScheduler } from './check-scheduler.js';
import { replaySchedulerCounterexample } from './replay-scheduler-counterexample.js';

const tracesDir = mkdtempSync(join(tmpdir(), 'faultline-scheduler-replay-'));

describe('replaying a scheduler counterexample file', () => {
  test.each([
    ['the built-in origin-equations', 'origin-equations'],
    ['a user module (the off-by-one best-fit)', fileURLToPath(new URL('./fixtures/off-by-one-best-fit.ts', import.meta.url))],
  ])('%s breaks the same property at the same event again', async (_what, scheduler) => {
    const result = await checkScheduler({ scheduler, seed: 77, runs: 500, timeBudgetMs: 5_000, tracesDir });
    const trace = result.violations[0]?.trace ?? '';
    const replay = await replaySchedulerCounterexample(trace, { cwd: tmpdir() });
    expect(replay.reproduced).toBe(true);
    expect(replay.outcome).toMatchObject({ kind: 'violated', violation: { message: result.violations[0]?.message } });
  });

  test.each([
    ['not JSON', '{', 'not-json'],
    ['another format', JSON.stringify({ format: 'faultline-trace/9' }), 'format-version'],
    ['a missing workload', JSON.stringify({ format: 'faultline-scheduler-counterexample/1', scheduler: 'x' }), 'schema'],
  ])('a file that is %s is refused with a stable code', async (_what, text, code) => {
    const file = join(tracesDir, `${code}.json`);
    writeFileSync(file, text);
    const failure = await replaySchedulerCounterexample(file).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FaultlineError);
    expect((failure as FaultlineError).code).toBe(code);
  });
});
