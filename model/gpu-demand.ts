/**
 * GPUs as a resource. A node has a number of devices of one model; each
 * device holds at most GPU_DEVICE_MILLI thousandths. A request asks for
 * whole devices, or for a share of one device (as GPU-sharing clusters do),
 * and may restrict the device model. Amounts are whole thousandths, so the
 * per-device sums are exact.
 */
export const GPU_DEVICE_MILLI = 1000;

/**
 * What a request asks of GPUs: `whole` devices (each taken entirely), or a
 * `share` of a single device (`milli` < 1000, never spread over several).
 * `models`, when present and not empty, lists the device models it may run on.
 */
export type GpuDemand =
  | { readonly kind: 'whole'; readonly count: number; readonly models?: readonly string[] | undefined }
  | { readonly kind: 'share'; readonly milli: number; readonly models?: readonly string[] | undefined };

/** A node's GPU devices: their model and what is allocated on each, in thousandths. */
export interface NodeGpus {
  readonly model: string;
  /** One entry per device, 0 to GPU_DEVICE_MILLI. */
  readonly allocatedMilli: readonly number[];
}

/** The devices a placed job holds, with the demand they answer. */
export interface GpuHolding {
  readonly demand: GpuDemand;
  /** Device indexes on the job's node: one for a share, `count` distinct ones for whole devices. */
  readonly devices: readonly number[];
}

/** How many devices the demand occupies. */
export function gpuDeviceCount(demand: GpuDemand): number {
  return demand.kind === 'whole' ? demand.count : 1;
}

/** What the demand takes on each device it occupies. */
export function gpuMilliPerDevice(demand: GpuDemand): number {
  return demand.kind === 'whole' ? GPU_DEVICE_MILLI : demand.milli;
}

/** The demand in thousandths of a device, all devices together. */
export function gpuDemandMilli(demand: GpuDemand | undefined): number {
  return demand === undefined ? 0 : gpuDeviceCount(demand) * gpuMilliPerDevice(demand);
}

/** True when the demand may run on devices of `model`. */
export function gpuModelAllowed(demand: GpuDemand, model: string): boolean {
  return demand.models === undefined || demand.models.length === 0 || demand.models.includes(model);
}

/** A short description, for reports: "2 GPUs", "0.46 GPU", "1 GPU (V100M16|V100M32)". */
export function formatGpuDemand(demand: GpuDemand): string {
  const amount = demand.kind === 'whole' ? `${demand.count} GPU${demand.count === 1 ? '' : 's'}` : `${demand.milli / GPU_DEVICE_MILLI} GPU`;
  return demand.models !== undefined && demand.models.length > 0 ? `${amount} (${demand.models.join('|')})` : amount;
}

/**
 * The devices of a node on which the demand could be placed now, given the
 * free thousandths of each device, chosen the way a packing scheduler would:
 * a share goes on the fullest device that still has room for it (ties to the
 * lower index), whole devices on the lowest-numbered empty ones. Undefined
 * when the node cannot take it (model, or not enough room).
 */
export function packGpuDevices(demand: GpuDemand, model: string, freeMilli: readonly number[]): readonly number[] | undefined {
  if (!gpuModelAllowed(demand, model)) return undefined;
  if (demand.kind === 'share') {
    let best = -1;
    for (let device = 0; device < freeMilli.length; device++) {
      const free = freeMilli[device] ?? 0;
      if (free >= demand.milli && (best < 0 || free < (freeMilli[best] ?? 0))) best = device;
    }
    return best < 0 ? undefined : [best];
  }
  const chosen: number[] = [];
  for (let device = 0; device < freeMilli.length && chosen.length < demand.count; device++) {
    if ((freeMilli[device] ?? 0) >= GPU_DEVICE_MILLI) chosen.push(device);
  }
  return chosen.length === demand.count ? chosen : undefined;
}
