import { GPU_DEVICE_MILLI, gpuDeviceCount, gpuMilliPerDevice, gpuModelAllowed, type GpuDemand } from './gpu-demand.js';
import type { Resources } from './resources.js';

/** One kind of request in a demand profile, with the fraction of requests that are of this kind. */
export interface DemandClass {
  readonly demand: Resources;
  readonly gpu: GpuDemand | undefined;
  /** Fraction of all requests; the weights of a profile add up to 1. */
  readonly weight: number;
}

/**
 * The mix of requests a cluster expects, as the FGD paper's "target
 * workload": every distinct request shape of a pod list with its frequency.
 * Heaviest classes first, ties in a fixed order, so every sum over it is
 * computed in the same order.
 */
export type DemandProfile = readonly DemandClass[];

function classKey(demand: Resources, gpu: GpuDemand | undefined): string {
  const gpuPart = gpu === undefined ? '-' : `${gpu.kind}:${gpu.kind === 'whole' ? gpu.count : gpu.milli}:${[...(gpu.models ?? [])].sort().join('|')}`;
  return `${demand.cpuMillis}/${demand.memoryMiB}/${gpuPart}`;
}

/** Groups requests by shape (cpu, memory, GPU demand and models) into a profile. */
export function demandProfile(requests: readonly { readonly demand: Resources; readonly gpu?: GpuDemand | undefined }[]): DemandProfile {
  const counts = new Map<string, { demand: Resources; gpu: GpuDemand | undefined; count: number }>();
  for (const request of requests) {
    const key = classKey(request.demand, request.gpu);
    const entry = counts.get(key);
    if (entry === undefined) counts.set(key, { demand: request.demand, gpu: request.gpu, count: 1 });
    else entry.count += 1;
  }
  const total = requests.length;
  return [...counts.entries()]
    .sort(([ka, a], [kb, b]) => b.count - a.count || (ka < kb ? -1 : ka > kb ? 1 : 0))
    .map(([, { demand, gpu, count }]) => ({ demand, gpu, weight: count / total }));
}

/** What is free on one node, as fragmentation sees it. */
export interface NodeRoom {
  readonly free: Resources;
  readonly gpuModel: string;
  /** Free thousandths of each device. */
  readonly gpuFreeMilli: readonly number[];
}

/**
 * The free GPU thousandths of a node that one request of class `m` could not
 * use (the FGD paper's F_n(m)):
 * - all of the node's free GPU, when `m` asks for no GPU, may not run on the
 *   node's model, does not fit the node's free cpu or memory, or finds fewer
 *   devices with room for its per-device share than it needs;
 * - otherwise the free GPU of the devices too full for its per-device share
 *   (a whole-GPU request cannot use a half-empty device).
 */
export function fragmentedMilliFor(room: NodeRoom, demand: Resources, gpu: GpuDemand | undefined): number {
  let total = 0;
  for (const free of room.gpuFreeMilli) total += free;
  if (total === 0 || gpu === undefined) return total;
  if (!gpuModelAllowed(gpu, room.gpuModel) || demand.cpuMillis > room.free.cpuMillis || demand.memoryMiB > room.free.memoryMiB) return total;
  const perDevice = gpuMilliPerDevice(gpu);
  let usable = 0;
  let unusable = 0;
  for (const free of room.gpuFreeMilli) {
    if (free >= perDevice) usable += 1;
    else unusable += free;
  }
  return usable >= gpuDeviceCount(gpu) ? unusable : total;
}

/**
 * A node's expected GPU fragmentation under a demand profile: Σ_m p_m·F_n(m),
 * in thousandths of a device. Summed over nodes it is the cluster's; divided
 * by the free GPU it is the share of free GPU capacity that a request drawn
 * from the profile could not use.
 */
export function nodeGpuFragmentation(room: NodeRoom, profile: DemandProfile): number {
  if (room.gpuFreeMilli.length === 0) return 0;
  let expected = 0;
  for (const m of profile) expected += m.weight * fragmentedMilliFor(room, m.demand, m.gpu);
  return expected;
}

/** Free thousandths of each device, from what is allocated on it. */
export function gpuFreeMilli(allocatedMilli: readonly number[]): readonly number[] {
  return allocatedMilli.map((held) => GPU_DEVICE_MILLI - held);
}
