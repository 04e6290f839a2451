import { expect, test } from 'vitest';
import { runGate, RUNS_PER_SHARD_MIN, tooFewRuns } from './check-gate.js';

test('a gate cut short by its budget after a few runs is inconclusive, not a pass', async () => {
  const result = await runGate({ cluster: 'single-leader', mutant: null, runs: undefined, timeBudgetMs: 1, seed: 1 });
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

test('worker threads start inside the budget: a budget spent starting them leaves the gate inconclusive, not passed', async () => {
  const result = await runGate({ cluster: 'single-leader', mutant: null, runs: undefined, timeBudgetMs: 1, seed: 1, workers: 2 });
  expect(result.result).toBe('inconclusive');
  expect(result.runs).toBeLessThan(RUNS_PER_SHARD_MIN);
}, 60_000);
