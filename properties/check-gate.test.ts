import { describe, expect, test } from 'vitest';
import { defaultSingleLeaderConfig } from '../impl/single-leader/default-config.js';
import { counterexampleSteps } from './bench-mutants.js';
import { runGate } from './check-gate.js';
import { runCase } from './run-case.js';

describe('the gate on the correct single-leader cluster', () => {
  test('every property holds over generated fault schedules and workloads, and the runs reach the interesting states', () => {
    const result = runGate({ cluster: 'single-leader', mutant: null, runs: 400, timeBudgetMs: 120_000, seed: 2024 });
    expect(result.result).toBe('pass');
    expect(result.runs).toBe(400);
    expect(result.undecided).toBe(0);
    const reached = result.coverage['single-leader']!.reached;
    expect(reached['leader-elected']).toBe(400);
    for (const counter of ['leader-changed', 'partition-healed', 'job-placed', 'job-completed', 'job-rejected', 'job-moved', 'request-retried', 'outcome-unknown', 'job-ran']) {
      expect(reached[counter], counter).toBeGreaterThan(0);
    }
  });
});

describe('the gate catches planted bugs and shrinks them', () => {
  test.each([
    ['ack-before-commit', 'no-lost-ack', 1],
    ['move-without-handoff', 'job-exclusivity', 1],
    ['no-log-up-to-date-check', 'leader-completeness', 1],
    ['lease-ignores-drift', 'single-leader', 1],
  ] as const)('%s is caught as %s and shrunk to a small case that the correct cluster passes', (mutant, property, seed) => {
    const result = runGate({ cluster: 'single-leader', mutant, runs: 20_000, timeBudgetMs: 100_000, seed });
    expect(result.result).toBe('fail');
    const failure = result.failure!;
    expect(failure.outcome.violations.map((v) => v.property)).toContain(property);
    expect(counterexampleSteps(failure)).toBeLessThanOrEqual(30);
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
    const outcome = runCase({ config, worldSeed: 1, schedule, aimed: [], workload: [] }, { record: false, stopAtFirstViolation: false });
    expect(outcome.violations.map((v) => v.property)).toEqual(['liveness']);
  });

  test('with a realistic bound the same schedule elects a leader after healing, and a request made after the heal is answered', () => {
    const base = defaultSingleLeaderConfig(3, []);
    const config = { ...base, world: { ...base.world, faultPhaseTicks: 500 } };
    const schedule = [{ atTick: 0, fault: { kind: 'crash' as const, node: 0 } }, { atTick: 0, fault: { kind: 'crash' as const, node: 1 } }];
    const workload = [{ atTick: 600, client: 0, op: { kind: 'query' as const } }];
    const outcome = runCase({ config, worldSeed: 1, schedule, aimed: [], workload }, { record: false, stopAtFirstViolation: false });
    expect(outcome.violations).toEqual([]);
    expect(outcome.coverage['leader-elected']).toBe(1);
    expect(outcome.history[0]!.output).toMatchObject({ kind: 'allocations' });
  });

  test('a client request made after the heal that is never answered breaks liveness', () => {
    const base = defaultSingleLeaderConfig(3, []);
    // A client timeout shorter than any election: the request made right after the heal cannot be answered in time.
    const config = { ...base, world: { ...base.world, faultPhaseTicks: 500, clients: { ...base.world.clients, timeoutTicks: 30 } } };
    const schedule = [{ atTick: 0, fault: { kind: 'crash' as const, node: 0 } }, { atTick: 0, fault: { kind: 'crash' as const, node: 1 } }];
    const workload = [{ atTick: 501, client: 2, op: { kind: 'query' as const } }];
    const outcome = runCase({ config, worldSeed: 1, schedule, aimed: [], workload }, { record: false, stopAtFirstViolation: false });
    expect(outcome.violations.map((v) => v.property)).toEqual(['liveness']);
    expect(outcome.violations[0]!.message).toMatch(/made after every fault healed/);
  });
});
