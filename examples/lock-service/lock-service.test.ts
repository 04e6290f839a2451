/**
 * The lease lock service's own test suite, as a user of faultline writes it:
 * `test.prop` from `@fast-check/vitest` over faultline's run cases (fault
 * schedules, workloads, world seeds), with faultline's plugin turning a
 * failure into a shrunk counterexample, a report and a trace. The planted
 * bugs show that the property can fail: each is caught, and its trace
 * replays to the same violation, which the correct protocol does not have.
 */
import { fc, test } from '@fast-check/vitest';
import { checkMinimal, loadTrace, protocolCheck, ProtocolFailure, replayTrace } from 'faultline';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect } from 'vitest';
import { LOCK_MUTANTS } from './lock-node.js';
import lockService from './lock-service.js';

// Traces go where FAULTLINE_TRACES_DIR says (CI keeps them), or to a temporary folder removed afterwards.
const keep = process.env['FAULTLINE_TRACES_DIR'];
const tracesDir = keep ?? mkdtempSync(join(tmpdir(), 'lease-lock-traces-'));
afterAll(() => {
  if (keep === undefined) rmSync(tracesDir, { recursive: true, force: true });
});
// The protocol's module, as `faultline replay --protocol` run from here should name it.
const module = relative(process.cwd(), fileURLToPath(new URL('./lock-service.ts', import.meta.url)));

describe('the lease lock service', () => {
  const check = protocolCheck(lockService, { tracesDir, module });
  test.prop([check.runCases], { numRuns: 150, plugins: [check.plugin] })('never lets two nodes hold the lock at once, under crashes, partitions, pauses and clock drift', check.holds);
});

describe.each(LOCK_MUTANTS)('the planted bug %s', (mutant) => {
  test('is caught as mutual-exclusion, shrunk to a 1-minimal case, and its trace replays to the same violation, which the correct protocol does not have', () => {
    const check = protocolCheck(lockService, { mutants: [mutant], tracesDir, module });
    let failure: unknown;
    try {
      fc.assert(fc.property(check.runCases, check.holds), { seed: 1, numRuns: 2_000, plugins: [check.plugin] });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ProtocolFailure);
    const { message, tracePath, property, violations, shrinks, minimal, runCase } = failure as ProtocolFailure;
    // The trace is null only when it could not be written (a full disk, say); the message then says why.
    if (tracePath === null) throw new Error(message);
    expect(message).toMatch(/^seed: 1\n/);
    expect(message).toContain(`VIOLATION mutual-exclusion at step ${violations[0]!.step}`);
    expect(message).toContain(`replay: npx faultline replay ${tracePath} --protocol ${module}`);
    expect(property).toBe('mutual-exclusion');
    expect(shrinks).toBeGreaterThan(0);
    // Without any one of its faults or requests, the shrunk case no longer breaks mutual exclusion.
    expect(minimal).toBe(true);
    expect(checkMinimal(runCase, property, undefined, lockService).minimal).toBe(true);
    expect(runCase.config.cluster).toMatchObject({ kind: 'custom', name: 'lease-lock', mutants: [mutant] });

    const trace = loadTrace(tracePath);
    const replay = replayTrace(trace, { protocol: lockService });
    expect(replay.divergence).toBeNull();
    expect(replay.digestMatches).toBe(true);
    expect(replay.outcome.violations[0]).toEqual(violations[0]);
    expect(replayTrace(trace, { protocol: lockService, mutants: [] }).outcome.violations).toEqual([]);
  });
});
