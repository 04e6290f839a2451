import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { defaultSingleLeaderConfig } from '../impl/single-leader/default-config.js';
import { runCaseArbitrary } from './fault-schedule-arbitrary.js';

const arbitrary = runCaseArbitrary({ base: (n) => defaultSingleLeaderConfig(n, []), nodeCounts: [3, 5], maxEpisodes: 24, longestFaultTicks: 600, workload: fc.constant([]), triggers: [{ on: 'send', msgKind: 'append-entries' }, { on: 'persist' }] });

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

test.prop([arbitrary])('aimed faults watch configured nodes or every node, strike configured nodes, the one that set them off or, in a link of a chain, the one that set off the link before, and are armed inside the fault phase', (runCase) => {
  const n = runCase.config.world.nodeCount;
  runCase.aimed.forEach((episode, index) => {
    expect(episode.armAtTick).toBeLessThan(runCase.config.world.faultPhaseTicks);
    if (episode.trigger.node !== undefined) expect(episode.trigger.node).toBeLessThan(n);
    for (const { fault } of episode.faults) {
      const node = fault.kind === 'partition' ? fault.partition.node : fault.kind === 'heal-partition' ? -1 : fault.node;
      expect(node).toBeGreaterThanOrEqual(index > 0 && episode.afterPrevious === true ? -2 : -1);
      expect(node).toBeLessThan(n);
    }
  });
});

test('aimed faults come with every harm, at once and later, and watch single nodes and every node', () => {
  const samples = fc.sample(arbitrary, { numRuns: 300, seed: 2 });
  const episodes = samples.flatMap((s) => s.aimed);
  expect(new Set(episodes.map((e) => e.faults[0]!.fault.kind))).toEqual(new Set(['crash', 'pause', 'partition']));
  expect(episodes.some((e) => e.trigger.node === undefined)).toBe(true);
  expect(episodes.some((e) => e.trigger.node !== undefined)).toBe(true);
  expect(episodes.some((e) => e.faults[0]!.delayTicks === 0)).toBe(true);
  expect(episodes.some((e) => e.faults[0]!.delayTicks > 0)).toBe(true);
});

test('crash downtimes shorter than a heartbeat are common, and so are ones longer than an election timeout', () => {
  const samples = fc.sample(arbitrary, { numRuns: 300, seed: 3 });
  const downtimes: number[] = [];
  for (const s of samples) {
    const crashes = new Map<number, number>();
    for (const { atTick, fault } of s.schedule) {
      if (fault.kind === 'crash') crashes.set(fault.node, atTick);
      if (fault.kind === 'restart' && crashes.has(fault.node)) downtimes.push(atTick - crashes.get(fault.node)!);
    }
  }
  expect(downtimes.filter((d) => d < 20).length / downtimes.length).toBeGreaterThan(0.15);
  expect(downtimes.filter((d) => d > 200).length / downtimes.length).toBeGreaterThan(0.15);
});

test('without triggers a schedule has timed faults only, of every timed kind', () => {
  const timedOnly = runCaseArbitrary({ base: (n) => defaultSingleLeaderConfig(n, []), nodeCounts: [5], maxEpisodes: 24, longestFaultTicks: 600, workload: fc.constant([]), triggers: [] });
  const samples = fc.sample(timedOnly, { numRuns: 200, seed: 3 });
  expect(samples.every((s) => s.aimed.length === 0)).toBe(true);
  const kinds = new Set(samples.flatMap((s) => s.schedule.map((f) => f.fault.kind)));
  expect([...kinds].sort()).toEqual(['clock-drift', 'crash', 'heal-partition', 'join', 'leave', 'network', 'partition', 'pause', 'restart']);
});

test('leader churn: chains start in the first half of the fault phase, wait for log writes, disk writes or answers to clients, and each link after the first restarts the node the link before crashed', () => {
  const samples = fc.sample(arbitrary, { numRuns: 300, seed: 4 });
  const chains = samples.flatMap((s) =>
    s.aimed.flatMap((head, index) => (head.afterPrevious !== true && s.aimed[index + 1]?.afterPrevious === true ? [{ head, next: s.aimed[index + 1]!, phase: s.config.world.faultPhaseTicks }] : [])),
  );
  expect(chains.length).toBeGreaterThan(50);
  for (const { head, next, phase } of chains) {
    expect(head.armAtTick).toBeLessThan(phase / 2);
    expect(next.faults).toContainEqual({ delayTicks: 0, fault: { kind: 'restart', node: -2 } });
  }
  const links = chains.flatMap(({ head, next }) => [head, next]);
  expect(new Set(links.map((link) => JSON.stringify(link.trigger)))).toEqual(new Set([{ on: 'append' }, { on: 'persist' }, { on: 'reply', msgKind: 'result' }].map((t) => JSON.stringify(t))));
});

test('weather: some runs with network trouble have it slow from the first tick to the end of the fault phase', () => {
  const samples = fc.sample(arbitrary, { numRuns: 300, seed: 5 });
  const weather = samples.flatMap((s) => (s.schedule[0]?.atTick === 0 && s.schedule[0].fault.kind === 'network' ? [s.schedule[0].fault.conditions] : []));
  expect(weather.length).toBeGreaterThan(30);
  expect(weather.length).toBeLessThan(150);
  expect(weather.some((conditions) => conditions.delayMinTicks > 10)).toBe(true);
  for (const conditions of weather) expect(conditions.lossPermille).toBeLessThanOrEqual(100);
});
