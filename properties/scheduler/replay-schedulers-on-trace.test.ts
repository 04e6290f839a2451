import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { BUILTIN_SCHEDULERS } from '../../impl/schedulers/builtin-schedulers.js';
import { readOpenbNodes } from './openb-nodes.js';
import { readOpenbPods, type TracePod } from './openb-pods.js';
import { PRODUCTION_NODES, PRODUCTION_PODS, PRODUCTION_TRACE_ABSENT_NOTE, PRODUCTION_TRACE_PRESENT, SAMPLE_NODES, SAMPLE_PODS } from './openb-trace-files.js';
import { replaySchedulersOnTrace, type TraceReplayRow } from './replay-schedulers-on-trace.js';
import type { WorkloadNode } from './scheduler-workload.js';
import { fillArrivals, traceWorkload } from './trace-workload.js';
import { defineScheduler } from '../../impl/schedulers/define-scheduler.js';
import { fragmentationGradientScheduler } from '../../impl/schedulers/fragmentation-gradient-scheduler.js';
import { demandProfile } from '../../model/gpu-fragmentation.js';
import { inProcessSession } from './in-process-session.js';
import { runWorkload } from './run-workload.js';
import { gpuDemandMilli } from '../../model/gpu-demand.js';

const nodes = readOpenbNodes(SAMPLE_NODES);
const pods = readOpenbPods(SAMPLE_PODS);
const SAFE = BUILTIN_SCHEDULERS.map((s) => s.name).filter((name) => !name.startsWith('origin-'));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const pod = (name: string, gpu: TracePod['gpu'], creationTime: number): TracePod => ({ name, demand: { cpuMillis: 1000, memoryMiB: 1024 }, gpu, creationTime, deletionTime: undefined });

function checkFigures(row: TraceReplayRow): void {
  const f = row.figures;
  expect(f.gpusUnallocated).toBeCloseTo(f.gpuCapacity * (1 - f.final.allocatedGpu), 6);
  expect(f.gpusFragmented).toBeLessThanOrEqual(f.gpusUnallocated + 1e-6);
  for (const s of f.series) for (const v of [s.allocatedCpu, s.allocatedMemory, s.allocatedGpu, s.fragmentation]) expect(v).toBeGreaterThanOrEqual(0);
  const arrived = f.series.map((s) => s.arrivedGpu);
  expect([...arrived].sort((a, b) => a - b)).toEqual(arrived);
}

describe('replaying a trace through the harness', () => {
  test('the events: arrivals in creation order, departures at deletion time, freeing before arriving at the same instant', () => {
    const events = traceWorkload(nodes, pods, 'replay').events;
    const order = events.map((e) => (e.kind === 'submit' ? `+${e.requests[0]?.id}` : e.kind === 'depart' ? `-${e.requestId}` : e.kind));
    expect(order.slice(0, 4)).toEqual(['+sample-pod-00', '+sample-pod-01', '+sample-pod-02', '+sample-pod-03']);
    expect(order.indexOf('+sample-pod-06')).toBe(order.indexOf('-sample-pod-03') + 1);
    // A pod deleted the instant it was created leaves right after it arrives.
    expect(order.indexOf('-sample-pod-10')).toBe(order.indexOf('+sample-pod-10') + 1);
    expect(traceWorkload(nodes, pods, 'fill').events.every((e) => e.kind === 'submit')).toBe(true);
  });

  for (const mode of ['fill', 'replay'] as const) {
    test(`in ${mode} mode every safe built-in holds at every decision, with figures that add up`, async () => {
      const rows = await replaySchedulersOnTrace({ nodes, pods, mode, schedulers: SAFE });
      for (const row of rows) {
        expect({ name: row.name, violation: row.violation }).toEqual({ name: row.name, violation: undefined });
        expect(row.figures.podsArrived).toBe(pods.length);
        checkFigures(row);
      }
    });
  }

  test('fill arrivals as the paper draws them: extra pods up to a share of GPU capacity, shuffled, the same for the same seed', () => {
    const capacity = 15_000;
    const few = pods.slice(0, 6);
    const arriving = fillArrivals(nodes, few, { fillToPercent: 130, shuffled: true, seed: 42 });
    const arrived = arriving.reduce((sum, p) => sum + gpuDemandMilli(p.gpu), 0);
    expect(arrived).toBeLessThanOrEqual(1.3 * capacity);
    expect(arrived).toBeGreaterThan(1.3 * capacity - 8_000);
    expect(new Set(arriving.map((p) => p.name)).size).toBe(arriving.length);
    expect(arriving.map((p) => p.creationTime)).toEqual(arriving.map((_, i) => i));
    expect(arriving.length).toBeGreaterThan(few.length);
    expect(fillArrivals(nodes, few, { fillToPercent: 130, shuffled: true, seed: 42 })).toEqual(arriving);
    expect(fillArrivals(nodes, few, { fillToPercent: 130, shuffled: true, seed: 43 }).map((p) => p.name)).not.toEqual(arriving.map((p) => p.name));
    // The list's own pods always arrive, in creation order unless shuffled; a list already past the target gets no extra pods.
    expect(fillArrivals(nodes, pods, { fillToPercent: 130, shuffled: false, seed: 1 }).map((p) => p.name)).toEqual(pods.map((p) => p.name));
  });

  test('extra or shuffled arrivals are refused in replay mode', async () => {
    await expect(replaySchedulersOnTrace({ nodes, pods, mode: 'replay', fill: { shuffled: true, seed: 1 }, schedulers: ['best-fit'] })).rejects.toThrow('extra or shuffled arrivals are for fill mode only');
  });

  test('in fill mode the cluster fills up: pods that find no room are counted as not placed', async () => {
    const [row] = await replaySchedulersOnTrace({ nodes, pods: [...pods, ...pods.map((p) => ({ ...p, name: `${p.name}-again` }))], mode: 'fill', schedulers: ['best-fit'] });
    expect(row?.figures.podsNotPlaced).toBeGreaterThan(0);
    expect(row?.figures.final.allocatedGpu).toBeGreaterThan(0.7);
  });

  test('the unsafe ports are stopped at the first GPU pod they place without devices', async () => {
    const rows = await replaySchedulersOnTrace({ nodes, pods, mode: 'fill', schedulers: ['origin-equations'] });
    expect(rows[0]?.violation).toMatchObject({ property: 'conservation', pod: 'sample-pod-00' });
    expect(rows[0]?.violation?.message).toMatch(/needs? 1 devices of node|but were given 0/);
  });

  const twoDevices: WorkloadNode[] = [{ id: 'g', cpuMillis: 64000, memoryMiB: 65536, gpu: { model: 'T4', count: 2 } }];
  test('a scheduler that spreads a 0.5-GPU pod over two devices is caught as conservation', async () => {
    const [row] = await replaySchedulersOnTrace({ nodes: twoDevices, pods: [pod('half', { kind: 'share', milli: 500 }, 0)], mode: 'fill', schedulers: [fixture('gpu-share-split.ts')] });
    expect(row?.violation).toMatchObject({ property: 'conservation', pod: 'half' });
    expect(row?.violation?.message).toBe('request half: a 0.5 GPU share must sit on exactly one device of node g, but was given 2');
  });

  test('a scheduler that puts two pods on one device beyond 1000 milli is caught as conservation', async () => {
    const [row] = await replaySchedulersOnTrace({
      nodes: twoDevices,
      pods: [pod('first', { kind: 'whole', count: 1 }, 0), pod('second', { kind: 'whole', count: 1 }, 1)],
      mode: 'fill',
      schedulers: [fixture('gpu-share-split.ts')],
    });
    expect(row?.violation).toMatchObject({ property: 'conservation', pod: 'second' });
    expect(row?.violation?.message).toBe('request second: GPU device 0 of node g would hold 2000 of 1000 milli (1000 held, 1000 added)');
  });

  test('a user scheduler file runs the same way (the example scheduler, which knows nothing of GPUs, is caught placing GPU pods without devices)', async () => {
    const example = fileURLToPath(new URL('../../examples/my-scheduler.ts', import.meta.url));
    const [row] = await replaySchedulersOnTrace({ nodes, pods, mode: 'fill', schedulers: [example] });
    expect(row?.name).toBe('capped-spread');
    expect(row?.violation?.property).toBe('conservation');
  });

  test('the GPU-aware example scheduler file holds at every decision', async () => {
    const example = fileURLToPath(new URL('../../examples/gpu-packing-scheduler.ts', import.meta.url));
    const [row] = await replaySchedulersOnTrace({ nodes, pods, mode: 'replay', schedulers: [example] });
    expect(row?.violation).toBeUndefined();
    checkFigures(row!);
  });
});

describe('what fragmentation-gradient remembers between calls', () => {
  test('changes no decision: the same replay with fresh, unfrozen copies of every input (nothing to remember) decides alike', async () => {
    const decisions = async (copyInputs: boolean) => {
      const seen: unknown[] = [];
      const recorder = defineScheduler({
        name: 'recorder',
        place: (input) => {
          const given = copyInputs ? (JSON.parse(JSON.stringify({ cluster: input.cluster, pending: input.pending, expectedDemand: input.expectedDemand })) as typeof input) : input;
          const answer = fragmentationGradientScheduler.place({ ...given, budget: input.budget });
          seen.push(answer);
          return answer;
        },
      });
      const bigger = [...pods, ...pods.map((p) => ({ ...p, name: `${p.name}-b`, creationTime: p.creationTime + 1 }))];
      const outcome = await runWorkload(traceWorkload(nodes, bigger, 'replay'), inProcessSession(recorder, 10_000_000), { expectedDemand: Object.freeze(demandProfile(bigger)) });
      expect(outcome.kind).toBe('held');
      return seen;
    };
    expect(await decisions(false)).toEqual(await decisions(true));
  });
});

describe(`the production trace${PRODUCTION_TRACE_ABSENT_NOTE}`, () => {
  test.skipIf(!PRODUCTION_TRACE_PRESENT)('the first 1,500 pods of the default list replay on every node with best-fit and fragmentation-gradient, every law held', async () => {
    const traceNodes = readOpenbNodes(PRODUCTION_NODES);
    const tracePods = readOpenbPods(PRODUCTION_PODS).slice(0, 1500);
    const rows = await replaySchedulersOnTrace({ nodes: traceNodes, pods: tracePods, mode: 'replay', schedulers: ['best-fit', 'fragmentation-gradient'] });
    for (const row of rows) {
      expect(row.violation).toBeUndefined();
      expect(row.figures.podsArrived).toBe(1500);
      checkFigures(row);
    }
  });
});
