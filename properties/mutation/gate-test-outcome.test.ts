import { expect, test } from 'vitest';
import { clusterSearchOutcome, lawSearchOutcome } from './gate-test-outcome.js';

const quiet = { violation: null, crash: null, inconclusive: null };

test('a cluster gate fails a mutant on a broken property, a crash, or an inconclusive verdict, and passes it only otherwise', () => {
  expect(clusterSearchOutcome('single-leader', { runs: 500, ...quiet })).toEqual({ kind: 'passed', runs: 500 });
  expect(clusterSearchOutcome('single-leader', { runs: 13, ...quiet, violation: { index: 12, property: 'linearizable' } })).toEqual({
    kind: 'failed',
    runs: 13,
    reason: 'single-leader gate: run 12 broke linearizable',
  });
  expect(clusterSearchOutcome('leaderless', { runs: 1, ...quiet, crash: { index: 0, message: 'TypeError: x is undefined' } })).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/run 0 crashed: TypeError/) });
  expect(clusterSearchOutcome('leaderless', { runs: 500, ...quiet, inconclusive: 'no leaderless run ever elected a coordinator' })).toMatchObject({
    kind: 'failed',
    reason: expect.stringMatching(/inconclusive: no leaderless run ever elected a coordinator/),
  });
});

test('the scheduler laws fail a mutant when the check says something else of a reference scheduler than it deserves', () => {
  const holds = { kind: 'holds' } as const;
  const conservation = { kind: 'breaks', property: 'conservation' } as const;
  expect(lawSearchOutcome('first-fit', holds, { kind: 'held', runs: 200 })).toEqual({ kind: 'passed', runs: 200 });
  expect(lawSearchOutcome('first-fit', holds, { kind: 'violated', runs: 3, property: 'conservation', message: 'node n1 would hold' })).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/on a lawful scheduler/) });
  expect(lawSearchOutcome('garbage', conservation, { kind: 'held', runs: 200 })).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/passed 200 workloads; it must break conservation/) });
  expect(lawSearchOutcome('garbage', conservation, { kind: 'violated', runs: 1, property: 'termination', message: 'NaN' })).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/it must break conservation/) });
  expect(lawSearchOutcome('garbage', conservation, { kind: 'violated', runs: 1, property: 'conservation', message: 'over' })).toEqual({ kind: 'passed', runs: 1 });
  expect(lawSearchOutcome('garbage', conservation, { kind: 'crashed', runs: 1, message: 'RangeError' })).toMatchObject({ kind: 'failed' });
});
