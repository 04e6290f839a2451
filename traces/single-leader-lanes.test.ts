import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadTrace } from './load-trace.js';
import { singleLeaderLanes } from './single-leader-lanes.js';
import type { Band } from './trace-timeline.js';

const regressions = fileURLToPath(new URL('./regressions/', import.meta.url));
// The single-leader cluster's traces: the other cluster's messages are not what these lanes read.
const traces = readdirSync(regressions).filter((name) => name.endsWith('.json') && loadTrace(`${regressions}${name}`).config.cluster.kind === 'single-leader');

/** The terms in which more than one node led, by the lanes. */
function sharedTerms(states: readonly (readonly Band[])[]): number[] {
  const leaders = new Map<number, Set<number>>();
  states.forEach((bands, node) => {
    for (const band of bands) {
      const term = /^leader t(\d+)$/.exec(band.label);
      if (term) leaders.set(Number(term[1]), (leaders.get(Number(term[1])) ?? new Set()).add(node));
    }
  });
  return [...leaders].filter(([, nodes]) => nodes.size > 1).map(([term]) => term);
}

describe('singleLeaderLanes', () => {
  test('the vote-twice trace, which breaks election-safety, shows two nodes leading in one term; the correct replays of the others do not', () => {
    const broken = loadTrace(`${regressions}vote-twice.json`);
    expect(broken.verdict.violations.map((v) => v.property)).toContain('election-safety');
    expect(sharedTerms(singleLeaderLanes(broken).states)).not.toEqual([]);
    for (const name of traces.filter((trace) => !['vote-twice.json', 'no-restart-promise.json', 'lease-ignores-drift.json'].includes(trace))) {
      const trace = loadTrace(`${regressions}${name}`);
      if (trace.verdict.violations.some((v) => v.property === 'election-safety')) continue;
      expect(sharedTerms(singleLeaderLanes(trace).states), name).toEqual([]);
    }
  });

  test('allocations follow the committed ledger: each placement a client was told about shows on its node by the next heartbeat', () => {
    const trace = loadTrace(`${regressions}stale-read.json`);
    const cluster = trace.config.cluster;
    if (cluster.kind !== 'single-leader') throw new Error('stale-read is a mutant of the single-leader cluster');
    const heartbeat = cluster.timing.heartbeatIntervalTicks;
    const lanes = singleLeaderLanes(trace);
    const placements = trace.history.filter((op) => op.f === 'submit' && op.outcome === 'ok');
    expect(placements.length).toBeGreaterThan(0);
    for (const placed of placements) {
      const node = Number(String(placed.result!.node).slice(1));
      const grant = (placed.result!.grant as { memoryMiB: number }).memoryMiB / cluster.capacities[node]!.memoryMiB;
      const memory = lanes.series[node]!.find((series) => series.kind === 'memory')!;
      // The leader answers once it has committed; the others learn the commit index with its next append-entries.
      expect(memory.points.some((point) => point.value >= grant && point.tick <= placed.return! + 2 * heartbeat)).toBe(true);
    }
  });
});
