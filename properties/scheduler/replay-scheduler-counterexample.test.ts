import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { FaultlineError } from '../../model/faultline-error.js';
import { checkScheduler } from './check-scheduler.js';
import { replaySchedulerCounterexample } from './replay-scheduler-counterexample.js';
import { bundleSchedulerModule } from './scheduler-bundle.js';

const tracesDir = mkdtempSync(join(tmpdir(), 'faultline-scheduler-replay-'));
const OFF_BY_ONE = fileURLToPath(new URL('./fixtures/off-by-one-best-fit.ts', import.meta.url));

describe('replaying a scheduler counterexample file', () => {
  test('the built-in origin-equations breaks the same property at the same event again, by name', async () => {
    const result = await checkScheduler({ scheduler: 'origin-equations', seed: 77, runs: 500, timeBudgetMs: 5_000, tracesDir });
    const trace = result.violations[0]?.trace ?? '';
    expect(JSON.parse(readFileSync(trace, 'utf8')).schedulerSource).toEqual({ kind: 'builtin' });
    const replay = await replaySchedulerCounterexample(trace, undefined);
    expect(replay.reproduced).toBe(true);
    expect(replay.sourceMatches).toBeNull();
    expect(replay.outcome).toMatchObject({ kind: 'violated', violation: { message: result.violations[0]?.message } });
  });

  test('a user module is named and hashed in the file, never recorded as a path, and replays only when the user names it', async () => {
    const result = await checkScheduler({ scheduler: OFF_BY_ONE, seed: 77, runs: 500, timeBudgetMs: 5_000, tracesDir });
    const trace = result.violations[0]?.trace ?? '';
    const written = readFileSync(trace, 'utf8');
    const bundle = await bundleSchedulerModule(OFF_BY_ONE);
    expect(JSON.parse(written).schedulerSource).toEqual({ kind: 'module', file: 'off-by-one-best-fit.ts', sha256: bundle.sha256 });
    expect(written).not.toContain('"schedulerModule"');
    const refused = await replaySchedulerCounterexample(trace, undefined).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FaultlineError);
    expect((refused as FaultlineError).message).toMatch(/replay it with --scheduler PATH; faultline never loads code named inside a file/);
    const replay = await replaySchedulerCounterexample(trace, bundle);
    expect(replay.reproduced).toBe(true);
    expect(replay.sourceMatches).toBe(true);
  });

  test.each([
    ['not JSON', '{', 'not-json'],
    ['another format', JSON.stringify({ format: 'faultline-trace/9' }), 'format-version'],
    ['the format before the schema, which named a module path', JSON.stringify({ format: 'faultline-scheduler-counterexample/1', schedulerModule: '/tmp/evil.mjs' }), 'format-version'],
    ['a missing workload', JSON.stringify({ format: 'faultline-scheduler-counterexample/2', scheduler: 'x' }), 'schema'],
  ])('a file that is %s is refused with a stable code', async (_what, text, code) => {
    const file = join(tracesDir, `${code}.json`);
    writeFileSync(file, text);
    const failure = await replaySchedulerCounterexample(file, undefined).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FaultlineError);
    expect((failure as FaultlineError).code).toBe(code);
  });
});
