import { expect, test } from 'vitest';
import { findBuiltinScheduler } from '../../impl/schedulers/builtin-schedulers.js';
import { schedulerWorkloadArbitrary } from '../scheduler/scheduler-workload.js';
import { LAW_BREAKERS } from './law-breaking-schedulers.js';
import { LAW_REFERENCE_SCHEDULERS } from './law-reference-schedulers.js';
import { mutationTests, searchClusterGate, searchScheduler } from './mutation-tests.js';

test('on the code as it is, every gate Stryker runs passes: the clusters hold and each reference scheduler gets the verdict it deserves', async () => {
  const tests = await mutationTests({ seed: 1, clusterRuns: 30, lawRuns: 200 });
  expect(tests.map((t) => t.id)).toEqual(expect.arrayContaining(['gate single-leader', 'gate leaderless', 'laws gpu-share-split on openb sample workloads', 'laws garbage on generated workloads']));
  const lawTests = LAW_REFERENCE_SCHEDULERS.reduce((sum, reference) => sum + 1 + (reference.drawn === null ? 0 : 1), 0) + LAW_BREAKERS.reduce((sum, breaker) => sum + (breaker.on === 'both' ? 2 : 1), 0);
  expect(tests).toHaveLength(2 + lawTests);
  expect(new Set(tests.map((t) => t.id)).size).toBe(tests.length);
  for (const gate of tests) expect({ id: gate.id, outcome: await gate.run() }).toMatchObject({ id: gate.id, outcome: { kind: 'passed' } });
});

test('a cluster gate fails on a planted bug, and stops at the run that broke a property', async () => {
  const search = await searchClusterGate('leaderless', 1, 500, ['grant-anywhere']);
  expect(search.violation).not.toBeNull();
  expect(search.runs).toBe(search.violation!.index + 1);
  expect(await searchClusterGate('leaderless', 1, 5)).toMatchObject({ runs: 5, violation: null, crash: null });
});

test('the scheduler search reports the first workload that breaks a law', async () => {
  expect(await searchScheduler(findBuiltinScheduler('origin-equations')!, schedulerWorkloadArbitrary, 1, 200)).toMatchObject({ kind: 'violated', property: 'conservation' });
  expect(await searchScheduler(findBuiltinScheduler('drf')!, schedulerWorkloadArbitrary, 1, 20)).toEqual({ kind: 'held', runs: 20 });
});
