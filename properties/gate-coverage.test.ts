import { expect, test } from 'vitest';
import { addCoverageCounts, emptyCoverage, inconclusiveReason } from './gate-coverage.js';

test('a gate proves nothing when no run finished or no run elected a leader, and counts otherwise', () => {
  expect(inconclusiveReason(0, emptyCoverage())).toMatch(/no run finished/);
  expect(inconclusiveReason(50, emptyCoverage())).toMatch(/no run ever elected a leader/);
  const merged = emptyCoverage();
  addCoverageCounts(merged, { runsWithLeader: 0, runsWithTwoOrMoreTerms: 0, runsWithHealedPartition: 0 });
  addCoverageCounts(merged, { runsWithLeader: 3, runsWithTwoOrMoreTerms: 1, runsWithHealedPartition: 2 });
  expect(merged).toEqual({ runsWithLeader: 3, runsWithTwoOrMoreTerms: 1, runsWithHealedPartition: 2 });
  expect(inconclusiveReason(50, merged)).toBeNull();
});
