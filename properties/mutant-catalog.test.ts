import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { isCaughtAs, MUTANTS } from '../impl/mutants.js';
import { loadTrace } from '../traces/load-trace.js';
import { checkMinimal } from './check-minimal.js';
import fc from 'fast-check';
import { gateArbitrary } from './gate-search.js';
import { replayTrace } from './replay-trace.js';
import { runCase as runCaseOnce } from './run-case.js';

const regressions = fileURLToPath(new URL('../traces/regressions/', import.meta.url));

/**
 * Every planted bug has a committed regression trace, found by the gate and
 * shrunk (or, where traces/regressions/README.md says so, rebuilt by hand):
 * replaying it with its mutant breaks a property the catalog expects, the
 * trace is 1-minimal for that property (without any one of its faults or
 * client operations the property holds), and replaying the same schedule and
 * workload on the correct cluster breaks nothing. A mutant added to the
 * catalog without a trace fails here.
 */
describe.each(MUTANTS.filter((mutant) => mutant.notCaught === undefined).map((mutant) => [mutant.name, mutant] as const))('mutant %s', (name, mutant) => {
  const path = `${regressions}${name}.json`;

  test('has a regression trace', () => {
    expect(existsSync(path), `${path} is missing: run npm run bench:mutants -- --mutant ${name} --seeds 1 --write-regressions traces/regressions`).toBe(true);
  });

  test.runIf(existsSync(path))(`is caught as one of ${mutant.caughtAs.join(', ')} when its trace replays, and the correct cluster holds on the same schedule`, () => {
    const trace = loadTrace(path);
    expect(trace.config.cluster.mutants).toEqual([name]);
    const replay = replayTrace(trace);
    expect(replay.divergence, 'the replay diverged from the recording: the implementation changed, regenerate the trace').toBeNull();
    expect(replay.outcome.violations.map((v) => v.property).filter((p) => isCaughtAs(mutant, p))).not.toEqual([]);
    expect(replayTrace(trace, { mutants: [] }).outcome.violations).toEqual([]);
  });

  test.runIf(existsSync(path))('is 1-minimal: every fault and client operation in its trace is needed to break the property it was shrunk for', () => {
    const trace = loadTrace(path);
    const property = trace.shrink?.property;
    expect(property, 'the trace does not say which property it was shrunk for: regenerate it').toBeDefined();
    expect(mutant.caughtAs).toContain(property);
    const report = checkMinimal(replayTrace(trace).runCase, property!);
    expect(report.units.filter((check) => !check.needed).map((check) => check.unit.label)).toEqual([]);
  });
});

/**
 * A mutant the catalog says the gate cannot catch is shown to be so on a
 * sample of gate runs, and has no regression trace that would claim otherwise.
 */
describe.each(MUTANTS.filter((mutant) => mutant.notCaught !== undefined).map((mutant) => [mutant.name, mutant] as const))('mutant %s, which the gate cannot catch', (name, mutant) => {
  test('has no regression trace, and gate runs with it hold', () => {
    expect(existsSync(`${regressions}${name}.json`)).toBe(false);
    const samples = fc.sample(gateArbitrary([mutant.cluster], [name]), { numRuns: 150, seed: 11 });
    const broken = samples.flatMap((sample) => runCaseOnce(sample, { record: false, stopAtFirstViolation: true }).violations);
    expect(broken).toEqual([]);
  });
});
