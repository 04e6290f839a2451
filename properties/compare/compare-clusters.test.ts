import { describe, expect, test } from 'vitest';
import { COMPARED_CLUSTERS, compareCases, runCaseOf } from './compare-case.js';
import { compareClusters } from './compare-clusters.js';
import { measureRun } from './measure-run.js';

describe('compareClusters', () => {
  test('the same seed gives the same figures; another seed gives others', () => {
    const first = compareClusters({ seed: 5, cases: 6, nodeCount: 5 });
    const again = compareClusters({ seed: 5, cases: 6, nodeCount: 5 });
    const other = compareClusters({ seed: 6, cases: 6, nodeCount: 5 });
    expect(again).toEqual(first);
    expect(other.clusters).not.toEqual(first.clusters);
    expect(first.clusters.map((figures) => figures.cluster)).toEqual([...COMPARED_CLUSTERS]);
    expect(first.clusters.every((figures) => figures.runs === 6 && figures.requests.made > 0)).toBe(true);
  });

  test('every case runs the same schedule and workload on both clusters, timed faults only, without queries', () => {
    for (const compareCase of compareCases(3, 20, 5)) {
      const [a, b] = COMPARED_CLUSTERS.map((kind) => runCaseOf(kind, compareCase));
      expect(a!.config.world).toEqual(b!.config.world);
      expect(a!.schedule).toBe(b!.schedule);
      expect(a!.workload).toBe(b!.workload);
      expect(a!.aimed).toEqual([]);
      expect(compareCase.workload.some((op) => op.op.kind === 'query')).toBe(false);
    }
  });

  test('both clusters live through the same fault periods in every case: they come from the schedule alone', () => {
    for (const compareCase of compareCases(4, 12, 5)) {
      const [a, b] = COMPARED_CLUSTERS.map((kind) => measureRun(kind, compareCase, 400));
      expect(a!.partitions).toEqual(b!.partitions);
      expect(a!.nodesCrashed).toEqual(b!.nodesCrashed);
    }
  });

  test('the single-leader cluster never rejects a submit while capacity was certainly free: it rejects only what fits nowhere', () => {
    const comparison = compareClusters({ seed: 7, cases: 40, nodeCount: 5 });
    const singleLeader = comparison.clusters.find((figures) => figures.cluster === 'single-leader')!;
    expect(singleLeader.rejections.rejected).toBeGreaterThan(0);
    expect(singleLeader.rejections.whileFree).toBe(0);
    expect(comparison.clusters.every((figures) => figures.violations.runs === 0)).toBe(true);
  });
});
