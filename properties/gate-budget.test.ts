import { expect, test } from 'vitest';
import { runGate, RUNS_PER_SHARD_MIN, tooFewRuns } from './check-gate.js';
import { runGateParallel } from './run-gate-parallel.js';

test('a gate whose budget was spent before it started (a shard that took the budget to start up) runs nothing and is inconclusive', () => {
  const result = runGate({ cluster: 'single-leader', mutant: null, runs: undefined, timeBudgetMs: 5_000, budgetStartedAt: Date.now() - 5_000, seed: 1 });
  expect(result).toMatchObject({ result: 'inconclusive', runs: 0, reason: 'no run finished within the time budget' });
});

test('a gate cut short by its budget after a few runs is inconclusive, not a pass', () => {
  const result = runGate({ cluster: 'single-leader', mutant: null, runs: undefined, timeBudgetMs: 1, seed: 1 });
  expect(result.runs).toBeLessThan(RUNS_PER_SHARD_MIN);
  expect(result.result).toBe('inconclusive');
  expect(result.reason).toMatch(/^(no run finished within the time budget|only \d+ runs? finished within the time budget, and a gate needs at least 20)$/);
});

test('enough runs is at least 20, or every run asked for when fewer were', () => {
  expect(tooFewRuns(19, undefined)).toBe('only 19 runs finished within the time budget, and a gate needs at least 20');
  expect(tooFewRuns(20, undefined)).toBeNull();
  expect(tooFewRuns(5, 5)).toBeNull();
  expect(tooFewRuns(4, 5)).toBe('only 4 runs finished within the time budget, and a gate needs at least 5');
});

test('shards count their budget from when the gate started, so a budget spent in start-up leaves every shard inconclusive', async () => {
  const result = await runGateParallel({ cluster: 'single-leader', mutant: null, runs: undefined, timeBudgetMs: 2_000, budgetStartedAt: Date.now() - 2_000, seed: 1 }, 2);
  expect(result).toMatchObject({ result: 'inconclusive', runs: 0 });
}, 60_000);
