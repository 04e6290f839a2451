import { expect, test } from 'vitest';
import { addRunCoverage, describeCoverage, inconclusiveReason, mergeCoverage, type GateCoverage } from './gate-coverage.js';

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
  addRunCoverage(idle, 'single-leader', { 'leader-elected': 1, 'leader-changed': 0, 'job-placed': 2 });
  expect(inconclusiveReason(idle)).toBeNull();
  expect(describeCoverage(idle)[0]).toMatch(/^single-leader: 4 runs; 3 elected a leader; 1 had leaders in two or more terms/);
});
