import { expect, test } from 'vitest';
import { addRunCoverage, describeCoverage, inconclusiveReason, mergeCoverage, unreachedGoals, type GateCoverage } from './gate-coverage.js';

test('a gate proves nothing when no run finished or no run elected a leader, and counts otherwise', () => {
  expect(inconclusiveReason({})).toMatch(/no run finished/);
  const idle: GateCoverage = {};
  addRunCoverage(idle, 'single-leader', { 'leader-elected': 0, 'leader-changed': 0 });
  expect(inconclusiveReason(idle)).toMatch(/no single-leader run ever elected a leader/);
  const shard: GateCoverage = {};
  addRunCoverage(shard, 'single-leader', { 'leader-elected': 1, 'leader-changed': 3, 'job-placed': 0 });
  addRunCoverage(shard, 'single-leader', { 'leader-elected': 1, 'leader-changed': 0, 'job-placed': 0 });
  mergeCoverage(idle, shard);
  expect(idle['single-leader']).toEqual({ runs: 3, reached: { 'leader-elected': 2, 'leader-changed': 1, 'job-placed': 0 } });
  // Leaders were elected, but no job was ever placed: the ledger's properties were checked on nothing.
  expect(inconclusiveReason(idle)).toMatch(/no single-leader run ever placed a job/);
  addRunCoverage(idle, 'single-leader', { 'leader-elected': 1, 'leader-changed': 0, 'job-placed': 2, 'job-placed-first-try': 1 });
  expect(inconclusiveReason(idle)).toBeNull();
  expect(describeCoverage(idle)[0]).toMatch(/^single-leader: 4 runs; 3 elected a leader; 1 had leaders in two or more terms/);
});

test('every counter no run reached is an unmet goal, the required ones first; only those make the gate inconclusive', () => {
  const coverage: GateCoverage = {};
  addRunCoverage(coverage, 'single-leader', { 'leader-elected': 1, 'job-placed': 1, 'job-placed-first-try': 0, 'log-conflict-resolved': 0, 'job-moved': 2 });
  const goals = unreachedGoals(coverage);
  expect(goals[0]).toEqual({ cluster: 'single-leader', counter: 'job-placed-first-try', sentence: 'no single-leader run ever placed a job on its first try', required: true });
  expect(goals.filter((goal) => goal.required)).toHaveLength(1);
  expect(goals.map((goal) => goal.counter)).toContain('log-conflict-resolved');
  expect(goals.map((goal) => goal.counter)).not.toContain('job-moved');
  expect(inconclusiveReason(coverage)).toBe('no single-leader run ever placed a job on its first try, so its runs prove nothing');
  addRunCoverage(coverage, 'single-leader', { 'job-placed-first-try': 1 });
  expect(unreachedGoals(coverage).every((goal) => !goal.required)).toBe(true);
  expect(inconclusiveReason(coverage)).toBeNull();
});
