import { INSTRUMENTER_CONSTANTS, type Mutant, type StrykerOptions } from '@stryker-mutator/api/core';
import { DryRunStatus, MutantRunStatus, TestStatus, type MutantRunOptions } from '@stryker-mutator/api/test-runner';
import { afterEach, expect, test } from 'vitest';
import type { GateTestOutcome } from './gate-test-outcome.js';
import type { MutationTest } from './mutation-tests.js';
import { GateTestRunner, mutationBudget } from './stryker-gate-runner.js';

type Namespace = { activeMutant?: string; hitCount?: number; hitLimit?: number; mutantCoverage?: unknown; currentTestId?: string };
const ns = () => (globalThis as unknown as Record<string, Namespace>)[INSTRUMENTER_CONSTANTS.NAMESPACE]!;
afterEach(() => {
  delete (globalThis as unknown as Record<string, unknown>)[INSTRUMENTER_CONSTANTS.NAMESPACE];
});

const options = { faultlineGate: { seed: 7, clusterRuns: 10 } } as unknown as StrykerOptions;
/** A test that records which mutant was switched on when it ran, and fails on mutant "2". */
function fakeTest(id: string, seen: string[], outcome: (mutant: string | undefined) => GateTestOutcome): MutationTest {
  return {
    id,
    run: async () => {
      seen.push(`${id}:${ns().activeMutant ?? 'none'}`);
      return outcome(ns().activeMutant);
    },
  };
}
const runOptions = (mutant: string, testFilter?: string[], hitLimit?: number): MutantRunOptions =>
  ({ activeMutant: { id: mutant } as Mutant, testFilter, hitLimit, timeout: 1000, disableBail: false, sandboxFileName: 'x.ts', mutantActivation: 'runtime', reloadEnvironment: false }) as MutantRunOptions;

test('the budget comes from the faultlineGate option, with defaults for what it leaves out', () => {
  expect(mutationBudget(options)).toEqual({ seed: 7, clusterRuns: 10, lawRuns: 200 });
  expect(mutationBudget({} as StrykerOptions)).toEqual({ seed: 1, clusterRuns: 100, lawRuns: 200 });
});

test('the runner switches each mutant on, runs only the tests that reach it, and reports the first gate that fails it as its killer', async () => {
  const seen: string[] = [];
  const failsOn2 = (mutant: string | undefined): GateTestOutcome => (mutant === '2' ? { kind: 'failed', runs: 5, reason: 'gate a: run 4 broke conservation' } : { kind: 'passed', runs: 10 });
  const runner = new GateTestRunner(options, async (budget) => {
    expect(budget.seed).toBe(7);
    return [fakeTest('a', seen, failsOn2), fakeTest('b', seen, () => ({ kind: 'passed', runs: 10 }))];
  });
  const dry = await runner.dryRun();
  expect(dry.status).toBe(DryRunStatus.Complete);
  expect(dry.status === DryRunStatus.Complete && dry.tests.map((t) => [t.id, t.status])).toEqual([
    ['a', TestStatus.Success],
    ['b', TestStatus.Success],
  ]);
  expect(ns().currentTestId).toBeUndefined();
  const killed = await runner.mutantRun(runOptions('2', ['b', 'a']));
  expect(killed).toMatchObject({ status: MutantRunStatus.Killed, killedBy: ['a'], failureMessage: 'gate a: run 4 broke conservation [after 5 runs]', nrOfTests: 1 });
  const survived = await runner.mutantRun(runOptions('3', ['b']));
  expect(survived).toMatchObject({ status: MutantRunStatus.Survived, nrOfTests: 1 });
  expect(seen).toEqual(['a:none', 'b:none', 'a:2', 'b:3']);
});

test('a mutant that runs past its hit limit is reported as a timeout (an endless loop), whatever its gate said', async () => {
  const runner = new GateTestRunner(options, async () => [
    {
      id: 'loop',
      run: async () => {
        ns().hitCount = 1_001;
        return { kind: 'failed', runs: 1, reason: 'run 0 crashed: Error: Stryker: Hit count limit reached (1001)' };
      },
    },
  ]);
  expect(await runner.mutantRun(runOptions('9', undefined, 1_000))).toMatchObject({ status: MutantRunStatus.Timeout });
});
