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
