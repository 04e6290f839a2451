import { describe, expect, test } from 'vitest';
import { runGate } from './check-gate.js';
import { defaultSingleLeaderConfig } from '../impl/single-leader/default-config.js';
import { runCase } from './run-case.js';

describe('the gate on the correct single-leader cluster', () => {
  test('every property holds over generated fault schedules, and the runs reach the interesting states', () => {
    const result = runGate({ cluster: 'single-leader', mutant: null, runs: 400, timeBudgetMs: 60_000, seed: 2024 });
    expect(result.result).toBe('pass');
    expect(result.runs).toBe(400);
    const reached = result.coverage['single-leader']!.reached;
    expect(reached['leader-elected']).toBe(400);
    expect(reached['leader-changed']).toBeGreaterThan(50);
    expect(reached['partition-healed']).toBeGreaterThan(20);
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
    const { config } = failure.runCase;
    const correct = runCase({ ...failure.runCase, config: { ...config, cluster: { ...config.cluster, mutants: [] } } }, { record: false, stopAtFirstViolation: false });
    expect(correct.violations).toEqual([]);
  });
});

describe('liveness', () => {
  test('a liveness bound shorter than any election is reported as a liveness violation', () => {
    const base = defaultSingleLeaderConfig(3, []);
    const config = { ...base, world: { ...base.world, faultPhaseTicks: 500, livenessBoundTicks: 20 } };
    const schedule = [{ atTick: 0, fault: { kind: 'crash' as const, node: 0 } }, { atTick: 0, fault: { kind: 'crash' as const, node: 1 } }, { atTick: 0, fault: { kind: 'crash' as const, node: 2 } }];
    const outcome = runCase({ config, worldSeed: 1, schedule, workload: [] }, { record: false, stopAtFirstViolation: false });
    expect(outcome.violations.map((v) => v.property)).toEqual(['liveness']);
  });

  test('with a realistic bound the same schedule elects a leader after healing', () => {
    const base = defaultSingleLeaderConfig(3, []);
    const config = { ...base, world: { ...base.world, faultPhaseTicks: 500 } };
    const schedule = [{ atTick: 0, fault: { kind: 'crash' as const, node: 0 } }, { atTick: 0, fault: { kind: 'crash' as const, node: 1 } }];
    const outcome = runCase({ config, worldSeed: 1, schedule, workload: [] }, { record: false, stopAtFirstViolation: false });
    expect(outcome.violations).toEqual([]);
    expect(outcome.coverage['leader-elected']).toBe(1);
  });
});
