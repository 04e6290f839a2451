import { describe, expect, test } from 'vitest';
import { runGate } from './check-gate.js';
import { defaultSingleLeaderConfig } from '../impl/single-leader/default-config.js';
import { runCase } from './run-schedule.js';

describe('the gate on the correct single-leader cluster', () => {
  test('every property holds over generated fault schedules, and the runs reach the interesting states', () => {
    const result = runGate({ cluster: 'single-leader', mutant: null, runs: 400, timeBudgetMs: 60_000, seed: 2024 });
    expect(result.result).toBe('pass');
    expect(result.runs).toBe(400);
    expect(result.coverage.runsWithLeader).toBe(400);
    expect(result.coverage.runsWithTwoOrMoreTerms).toBeGreaterThan(50);
    expect(result.coverage.runsWithHealedPartition).toBeGreaterThan(20);
  });
});

describe('the gate catches each planted bug as its property', () => {
  test.each([
    ['vote-twice', 'election-safety', 3],
    ['lease-ignores-drift', 'single-leader', 5],
  ] as const)('%s is caught as %s and shrunk to a small schedule', (mutant, property, seed) => {
    const result = runGate({ cluster: 'single-leader', mutant, runs: 30_000, timeBudgetMs: 90_000, seed });
    expect(result.result).toBe('fail');
    const failure = result.failure!;
    expect(failure.outcome.violations[0]!.property).toBe(property);
    expect(failure.runCase.schedule.length).toBeLessThanOrEqual(8);
    // The shrunk case fails on the mutant and holds on the correct implementation.
    const correct = runCase({ ...failure.runCase, config: { ...failure.runCase.config, mutants: [] } }, { record: false, stopAtFirstViolation: false });
    expect(correct.violations).toEqual([]);
  });
});

describe('liveness', () => {
  test('a liveness bound shorter than any election is reported as a liveness violation', () => {
    const config = { ...defaultSingleLeaderConfig(3, []), faultPhaseTicks: 500, livenessBoundTicks: 20 };
    const schedule = [{ atTick: 0, fault: { kind: 'crash' as const, node: 0 } }, { atTick: 0, fault: { kind: 'crash' as const, node: 1 } }, { atTick: 0, fault: { kind: 'crash' as const, node: 2 } }];
    const outcome = runCase({ config, worldSeed: 1, schedule }, { record: false, stopAtFirstViolation: false });
    expect(outcome.violations.map((v) => v.property)).toEqual(['liveness']);
  });

  test('with a realistic bound the same schedule elects a leader after healing', () => {
    const config = { ...defaultSingleLeaderConfig(3, []), faultPhaseTicks: 500 };
    const schedule = [{ atTick: 0, fault: { kind: 'crash' as const, node: 0 } }, { atTick: 0, fault: { kind: 'crash' as const, node: 1 } }];
    const outcome = runCase({ config, worldSeed: 1, schedule }, { record: false, stopAtFirstViolation: false });
    expect(outcome.violations).toEqual([]);
    expect(outcome.coverage.leaderElected).toBe(true);
  });
});
