import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { defaultLeaderlessConfig } from '../impl/leaderless/default-config.js';
import { replayTrace } from '../properties/replay-trace.js';
import { runCase as runCaseOnce } from '../properties/run-case.js';
import { traceFromRun } from '../properties/trace-from-run.js';
import { clusterLanes } from './cluster-lanes.js';
import { leaderlessLanes } from './leaderless-lanes.js';
import { loadTrace } from './load-trace.js';
import type { Trace } from './trace.generated.js';
import type { Band, ClusterLanes } from './trace-timeline.js';

const regressions = fileURLToPath(new URL('./regressions/', import.meta.url));
const names = readdirSync(regressions).filter((name) => name.endsWith('.json'));
const load = (name: string) => loadTrace(`${regressions}${name}`);

/** The terms in which more than one node held the office, by the lanes. */
function sharedTerms(states: readonly (readonly Band[])[], holder: string): number[] {
  const holders = new Map<number, Set<number>>();
  states.forEach((bands, node) => {
    for (const band of bands) {
      const term = new RegExp(`^${holder} t(\\d+)$`).exec(band.label);
      if (term) holders.set(Number(term[1]), (holders.get(Number(term[1])) ?? new Set()).add(node));
    }
  });
  return [...holders].filter(([, nodes]) => nodes.size > 1).map(([term]) => term);
}

/** The free share each node last reported, summed over the nodes: more than 1 is capacity the cluster does not have. */
function lastFreeCpu(lanes: ClusterLanes): number {
  return lanes.series.reduce((sum, series) => sum + (series.find((s) => s.kind === 'cpu')?.points.at(-1)?.value ?? 0), 0);
}

/** The same schedule and workload replayed on the correct cluster, as a trace. */
function correctReplay(trace: Trace): Trace {
  const replay = replayTrace(trace, { mutants: [] });
  return traceFromRun(replay.runCase, replay.outcome, { seed: trace.seed, path: trace.path });
}

describe('the trace view\'s cluster lanes', () => {
  test.each(names)('%s: each node\'s roles follow one another in time and its terms never go back', (name) => {
    const trace = load(name);
    const lanes = clusterLanes(trace.config.cluster.kind)!(trace);
    expect(lanes.states).toHaveLength(trace.config.world.nodeCount);
    expect(lanes.states.flat().length).toBeGreaterThan(0);
    for (const bands of lanes.states) {
      let term = 0;
      bands.forEach((band, index) => {
        expect(band.to).toBeGreaterThan(band.from);
        if (index > 0) expect(band.from).toBeGreaterThanOrEqual(bands[index - 1]!.to);
        const bandTerm = Number(/ t(\d+)$/.exec(band.label)![1]);
        expect(bandTerm).toBeGreaterThanOrEqual(term);
        term = bandTerm;
      });
    }
  });
});

describe('leaderlessLanes', () => {
  const leaderless = names.filter((name) => load(name).config.cluster.kind === 'leaderless');

  test('the coordinator-no-quorum trace, which breaks election-safety, shows two coordinators in one term; the other leaderless traces do not', () => {
    expect(leaderless.length).toBeGreaterThan(1);
    expect(sharedTerms(leaderlessLanes(load('coordinator-no-quorum.json')).states, 'coordinator')).not.toEqual([]);
    for (const name of leaderless.filter((other) => other !== 'coordinator-no-quorum.json')) {
      expect(sharedTerms(leaderlessLanes(load(name)).states, 'coordinator'), name).toEqual([]);
    }
  });

  test('a transfer applied twice shows as more free capacity than the cluster has, and as a transfer mark; the correct replay holds what it has', () => {
    const trace = load('transfer-not-idempotent.json');
    const lanes = leaderlessLanes(trace);
    expect(lanes.marks.flat().filter((mark) => mark.kind === 'transfer').length).toBeGreaterThan(0);
    expect(lastFreeCpu(lanes)).toBeGreaterThan(1);
    expect(lastFreeCpu(leaderlessLanes(correctReplay(trace)))).toBeLessThanOrEqual(1);
  });

  test('a node that crashes for longer than the suspicion time is marked dead on its own lane, once per incarnation', () => {
    const config = defaultLeaderlessConfig(3, []);
    const schedule = [
      { atTick: 300, fault: { kind: 'crash' as const, node: 2 } },
      { atTick: 900, fault: { kind: 'restart' as const, node: 2 } },
    ];
    const runCase = { config, worldSeed: 3, schedule, aimed: [], workload: [] };
    const trace = traceFromRun(runCase, runCaseOnce(runCase, { record: true, stopAtFirstViolation: false }), { seed: 0, path: '' });
    const dead = leaderlessLanes(trace).marks.map((marks) => marks.filter((mark) => mark.kind === 'dead'));
    expect(dead[2]!.length).toBe(1);
    expect(dead[2]![0]!.title).toMatch(/^n2 declared dead \(incarnation \d+\) in gossip from n[01], tick \d+$/);
    expect(dead[2]![0]!.tick).toBeGreaterThan(300);
    expect(dead[2]![0]!.tick).toBeLessThan(900);
    expect([...dead[0]!, ...dead[1]!]).toEqual([]);
  });
});
