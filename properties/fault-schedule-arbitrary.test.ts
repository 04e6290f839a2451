import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { defaultSingleLeaderConfig } from '../impl/single-leader/default-config.js';
import { runCaseArbitrary } from './fault-schedule-arbitrary.js';

const arbitrary = runCaseArbitrary({ base: (n) => defaultSingleLeaderConfig(n, []), nodeCounts: [3, 5], maxEpisodes: 24, workload: fc.constant([]) });

const nodesOf = (fault: { kind: string } & Record<string, unknown>): number[] => {
  const values: number[] = [];
  const visit = (value: unknown) => {
    if (typeof value === 'number') values.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.entries(value).forEach(([key, inner]) => ['node', 'bridge', 'side', 'from', 'to', 'minority', 'left', 'right', 'partition'].includes(key) && visit(inner));
  };
  visit(fault);
  return values;
};

test.prop([arbitrary])('schedules are sorted, inside the fault phase, and name only configured nodes', (runCase) => {
  const { config, schedule } = runCase;
  for (let i = 1; i < schedule.length; i++) expect(schedule[i]!.atTick).toBeGreaterThanOrEqual(schedule[i - 1]!.atTick);
  for (const { atTick, fault } of schedule) {
    expect(atTick).toBeGreaterThanOrEqual(0);
    expect(atTick).toBeLessThan(config.world.faultPhaseTicks);
    for (const node of nodesOf(fault as never)) expect(node).toBeLessThan(config.world.nodeCount);
  }
});

test.prop([arbitrary])('a majority of the configuration always remains: leaves plus absent nodes stay a minority', (runCase) => {
  const leaves = runCase.schedule.filter((f) => f.fault.kind === 'leave').length;
  const minority = Math.floor((runCase.config.world.nodeCount - 1) / 2);
  expect(leaves).toBeLessThanOrEqual(minority);
  expect(runCase.config.world.initiallyAbsent.length).toBeLessThanOrEqual(minority);
});

test('swarm: runs differ in which fault kinds they use, and every kind occurs', () => {
  const samples = fc.sample(arbitrary, { numRuns: 300, seed: 1 });
  const kindSets = new Set(samples.map((s) => [...new Set(s.schedule.map((f) => f.fault.kind))].sort().join(',')));
  expect(kindSets.size).toBeGreaterThan(20);
  const kinds = new Set(samples.flatMap((s) => s.schedule.map((f) => f.fault.kind)));
  for (const kind of ['crash', 'restart', 'pause', 'partition', 'heal-partition', 'network', 'clock-drift', 'join', 'leave']) expect(kinds).toContain(kind);
  const partitions = new Set(samples.flatMap((s) => s.schedule.flatMap((f) => (f.fault.kind === 'partition' ? [f.fault.partition.kind] : []))));
  expect([...partitions].sort()).toEqual(['bridge', 'isolate', 'majority-minority', 'one-way', 'split']);
});
