import { Prng } from '../../impl/world/prng.js';
import { GPU_DEVICE_MILLI, gpuDemandMilli } from '../../model/gpu-demand.js';
import type { TracePod } from './openb-pods.js';
import type { SchedulerWorkload, WorkloadEvent, WorkloadNode, WorkloadRequest } from './scheduler-workload.js';

/**
 * How a trace is replayed: `replay` submits each pod at its creation time
 * and removes it at its deletion time (a pod still waiting then stops
 * waiting); `fill` submits every pod in creation order and removes none, as
 * the FGD paper fills a cluster, so that once it is full later pods find no
 * room and count as not placed.
 */
export type ReplayMode = 'replay' | 'fill';

/** Every pod of a trace belongs to this one tenant: the trace has no tenants. */
export const TRACE_TENANT = 'trace';

export function traceRequest(pod: TracePod): WorkloadRequest {
  const base = { id: pod.name, tenant: TRACE_TENANT, demand: pod.demand };
  return pod.gpu === undefined ? base : { ...base, gpu: pod.gpu };
}

interface Timed {
  readonly time: number;
  /** Within one instant: departures of pods that arrived earlier, then arrivals, then departures of pods that arrived at that instant. */
  readonly phase: 0 | 1 | 2;
  readonly order: number;
  readonly event: WorkloadEvent;
}

/**
 * The workload that replays a trace through the harness: one event per
 * arrival (a `submit` of one pod, so each pod is decided on its own, as in
 * the trace's cluster) and, in `replay` mode, one per departure. Pods with
 * the same creation time keep their order in the file.
 */
export function traceWorkload(nodes: readonly WorkloadNode[], pods: readonly TracePod[], mode: ReplayMode): SchedulerWorkload {
  const timed: Timed[] = [];
  pods.forEach((pod, order) => {
    timed.push({ time: pod.creationTime, phase: 1, order, event: { kind: 'submit', requests: [traceRequest(pod)] } });
    if (mode === 'replay' && pod.deletionTime !== undefined) {
      timed.push({ time: pod.deletionTime, phase: pod.deletionTime === pod.creationTime ? 2 : 0, order, event: { kind: 'depart', requestId: pod.name } });
    }
  });
  timed.sort((a, b) => a.time - b.time || a.phase - b.phase || a.order - b.order);
  return { nodes, events: timed.map((t) => t.event) };
}

/**
 * How the pods arrive in fill mode, to match the FGD paper's method: `fillToPercent`
 * appends pods drawn uniformly (with replacement) from the list until the
 * GPU demand that arrives would pass that percentage of the cluster's GPU
 * capacity (the paper fills to 130%), and `shuffled` puts all of them in a
 * random order instead of creation order, both drawn from `seed`.
 */
export interface FillArrivals {
  readonly fillToPercent?: number | undefined;
  readonly shuffled?: boolean | undefined;
  readonly seed: number;
}

/** The pods of a fill-mode run, in the order they arrive (their creation times renumbered to that order). */
export function fillArrivals(nodes: readonly WorkloadNode[], pods: readonly TracePod[], arrivals: FillArrivals): readonly TracePod[] {
  const prng = new Prng(arrivals.seed);
  const ordered = [...pods].sort((a, b) => a.creationTime - b.creationTime);
  const arriving: TracePod[] = [...ordered];
  if (arrivals.fillToPercent !== undefined) {
    const capacityMilli = nodes.reduce((sum, n) => sum + (n.gpu?.count ?? 0) * GPU_DEVICE_MILLI, 0);
    const targetMilli = (capacityMilli * arrivals.fillToPercent) / 100;
    let arrivedMilli = ordered.reduce((sum, p) => sum + gpuDemandMilli(p.gpu), 0);
    // A list without GPU pods could never reach the target; otherwise the
    // loop ends once a draw would pass it, and the bound only guards that.
    const anyGpu = pods.some((p) => p.gpu !== undefined);
    for (let extra = 0; anyGpu && extra < 10 * pods.length + 1_000_000; extra++) {
      const drawn = pods[prng.int(0, pods.length - 1)];
      if (drawn === undefined) break;
      if (arrivedMilli + gpuDemandMilli(drawn.gpu) > targetMilli) break;
      arrivedMilli += gpuDemandMilli(drawn.gpu);
      arriving.push({ ...drawn, name: `${drawn.name}-extra-${extra + 1}` });
    }
  }
  if (arrivals.shuffled === true) {
    for (let i = arriving.length - 1; i > 0; i--) {
      const j = prng.int(0, i);
      [arriving[i], arriving[j]] = [arriving[j] as TracePod, arriving[i] as TracePod];
    }
  }
  return arriving.map((pod, index) => ({ ...pod, creationTime: index, deletionTime: undefined }));
}
