import { describe, expect, test } from 'vitest';
import { defaultSingleLeaderConfig } from '../impl/single-leader/default-config.js';
import { counterexampleSteps } from './bench-mutants.js';
import { runGate } from './check-gate.js';
import { checkMinimal } from './check-minimal.js';
import { runCase } from './run-case.js';
import hiddenState from './scheduler/fixtures/hidden-state.js';

describe('the gate on the correct single-leader cluster', () => {
  test('every property holds over generated fault schedules and workloads, and the runs reach the interesting states', async () => {
    const result = await runGate({ cluster: 'single-leader', mutant: null, runs: 400, timeBudgetMs: 120_000, seed: 2024 });
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
  ] as const)('%s is caught as %s and shrunk to a small case that the correct cluster passes', async (mutant, property, seed) => {
    const result = await runGate({ cluster: 'single-leader', mutant, runs: 20_000, timeBudgetMs: 100_000, seed });
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

describe('the same result whatever the threads, and shards that add up', () => {
  const summary = (result: Awaited<ReturnType<typeof runGate>>) => ({
    result: result.result,
    runs: result.runs,
    coverage: result.coverage,
    run: result.failure?.run,
    property: result.failure?.property,
    case: JSON.stringify(result.failure?.runCase),
    path: result.failure?.path,
  });

  test('one thread and two give the same failing run, shrunk to the same case, with the same counts', async () => {
    const options = { cluster: 'single-leader', mutant: 'lease-ignores-drift', runs: 400, timeBudgetMs: 120_000, seed: 1 } as const;
    const one = await runGate(options);
    const two = await runGate({ ...options, workers: 2 });
    expect(one.result).toBe('fail');
    expect(summary(two)).toEqual(summary(one));
    expect(one.runs).toBe(one.failure!.run + 1);
  });

  test('on the correct cluster two shards add up to the runs and counts of one process, and so do two threads', async () => {
    const options = { cluster: 'single-leader', mutant: null, runs: 150, timeBudgetMs: 120_000, seed: 9 } as const;
    const whole = await runGate(options);
    const first = await runGate({ ...options, shard: { index: 0, count: 2 } });
    const second = await runGate({ ...options, shard: { index: 1, count: 2 }, workers: 2 });
    expect([whole.result, first.result, second.result]).toEqual(['pass', 'pass', 'pass']);
    expect([first.runs, second.runs]).toEqual([75, 75]);
    const merged = { ...first.coverage['single-leader']!.reached };
    for (const [counter, runs] of Object.entries(second.coverage['single-leader']!.reached)) merged[counter] = (merged[counter] ?? 0) + runs;
    expect(merged).toEqual(whole.coverage['single-leader']!.reached);
    expect(summary(await runGate({ ...options, workers: 2 }))).toEqual(summary(whole));
  });

  test('a shard finds the failing run the whole seed reports when that run is its own', async () => {
    const options = { cluster: 'single-leader', mutant: 'lease-ignores-drift', runs: 400, timeBudgetMs: 120_000, seed: 1 } as const;
    const whole = await runGate(options);
    const run = whole.failure!.run;
    const own = await runGate({ ...options, shard: { index: run % 3, count: 3 } });
    expect(summary(own)).toMatchObject({ run, property: whole.failure!.property, case: summary(whole).case });
  });
});

describe('shrinking to a 1-minimal case', () => {
  test('a shrunk failure breaks its property with every fault and operation it keeps, and none can go', async () => {
    const result = await runGate({ cluster: 'single-leader', mutant: 'stale-read', runs: 2_000, timeBudgetMs: 100_000, seed: 1 });
    const failure = result.failure!;
    expect(failure.shrinkComplete).toBe(true);
    expect(failure.outcome.violations.map((v) => v.property)).toContain(failure.property);
    const report = checkMinimal(failure.runCase, failure.property);
    expect(report.units.length).toBeGreaterThan(0);
    expect(report.units.filter((check) => !check.needed)).toEqual([]);
  });

  test('an interrupt while shrinking keeps the failure as shrunk so far', async () => {
    const controller = new AbortController();
    const result = await runGate({
      cluster: 'single-leader',
      mutant: 'move-without-handoff',
      runs: 2_000,
      timeBudgetMs: 100_000,
      seed: 1,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.phase === 'shrink') controller.abort('SIGINT');
      },
    });
    expect(result).toMatchObject({ result: 'fail', interrupted: true });
    const failure = result.failure!;
    expect(failure.shrinkComplete).toBe(false);
    expect(failure.outcome.violations.map((v) => v.property)).toContain(failure.property);
  });

  test('an interrupt before any failure ends the search with what it counted, as inconclusive', async () => {
    const controller = new AbortController();
    const result = await runGate({
      cluster: 'single-leader',
      mutant: null,
      runs: undefined,
      timeBudgetMs: 100_000,
      seed: 5,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.runs >= 20) controller.abort('SIGTERM');
      },
    });
    expect(result).toMatchObject({ result: 'inconclusive', interrupted: true, failure: null });
    expect(result.runs).toBeGreaterThanOrEqual(20);
    expect(result.reason).toBe(`interrupted after ${result.runs} runs, before the budget ran out`);
  });
});

describe('every run twice (checkDeterminism)', () => {
  test('the correct cluster repeats every run exactly', async () => {
    const result = await runGate({ cluster: 'single-leader', mutant: null, runs: 40, timeBudgetMs: 100_000, seed: 3, checkDeterminism: true });
    expect(result).toMatchObject({ result: 'pass', runs: 40, nondeterminism: null });
  });

  test('a scheduler that keeps state between calls passes the plain gate but is caught running differently the second time', async () => {
    const plain = await runGate({ cluster: 'single-leader', mutant: null, runs: 40, timeBudgetMs: 100_000, seed: 3, scheduler: hiddenState });
    expect(plain.result).toBe('pass');
    const twice = await runGate({ cluster: 'single-leader', mutant: null, runs: 40, timeBudgetMs: 100_000, seed: 3, scheduler: hiddenState, checkDeterminism: true });
    expect(twice.result).toBe('inconclusive');
    expect(twice.reason).toMatch(/^run \d+ of seed 3 did something else when run again \(first at step \d+\)/);
    const found = twice.nondeterminism!;
    expect(found.divergence).not.toBeNull();
    expect(found.divergence!.expected).not.toBe(found.divergence!.actual);
    expect(twice.runs).toBe(found.run + 1);
  });
});
