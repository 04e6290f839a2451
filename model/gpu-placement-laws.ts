import { assertNever } from './assert-never.js';
import { formatGpuDemand, GPU_DEVICE_MILLI, gpuDeviceCount, gpuMilliPerDevice, gpuModelAllowed, type GpuDemand, type GpuHolding, type NodeGpus } from './gpu-demand.js';

/** One broken per-device law of a GPU placement. */
export type GpuPlacementViolation =
  | { readonly kind: 'devices-missing'; readonly demand: GpuDemand; readonly given: number }
  | { readonly kind: 'devices-unasked'; readonly given: number }
  | { readonly kind: 'device-unknown'; readonly device: number; readonly deviceCount: number }
  | { readonly kind: 'device-repeated'; readonly device: number }
  | { readonly kind: 'model-not-allowed'; readonly demand: GpuDemand; readonly model: string }
  | { readonly kind: 'device-over-capacity'; readonly device: number; readonly allocatedMilli: number; readonly addedMilli: number };

/**
 * The laws of placing one request's GPU demand on a node's devices: exactly
 * as many distinct devices as the demand occupies (one for a share: a share
 * is never spread over two devices), devices the node has, of a model the
 * request allows, and no device above GPU_DEVICE_MILLI once the demand is
 * added to what it holds (`allocatedMilli`, which the caller may have raised
 * with earlier placements of the same batch). A request without GPU demand
 * must name no device. Returns the first broken law, or undefined.
 */
export function gpuPlacementViolation(
  gpus: NodeGpus | undefined,
  demand: GpuDemand | undefined,
  devices: readonly number[],
  allocatedMilli: (device: number) => number = (device) => gpus?.allocatedMilli[device] ?? 0,
): GpuPlacementViolation | undefined {
  if (demand === undefined) return devices.length === 0 ? undefined : { kind: 'devices-unasked', given: devices.length };
  if (devices.length !== gpuDeviceCount(demand)) return { kind: 'devices-missing', demand, given: devices.length };
  const deviceCount = gpus?.allocatedMilli.length ?? 0;
  const seen = new Set<number>();
  for (const device of devices) {
    if (device < 0 || device >= deviceCount) return { kind: 'device-unknown', device, deviceCount };
    if (seen.has(device)) return { kind: 'device-repeated', device };
    seen.add(device);
  }
  if (gpus !== undefined && !gpuModelAllowed(demand, gpus.model)) return { kind: 'model-not-allowed', demand, model: gpus.model };
  const added = gpuMilliPerDevice(demand);
  for (const device of devices) {
    const held = allocatedMilli(device);
    if (held + added > GPU_DEVICE_MILLI) return { kind: 'device-over-capacity', device, allocatedMilli: held, addedMilli: added };
  }
  return undefined;
}

/** One sentence per violation, naming the node. */
export function describeGpuPlacementViolation(violation: GpuPlacementViolation, nodeId: string): string {
  switch (violation.kind) {
    case 'devices-missing':
      return violation.demand.kind === 'share'
        ? `a ${formatGpuDemand(violation.demand)} share must sit on exactly one device of node ${nodeId}, but was given ${violation.given}`
        : `${formatGpuDemand(violation.demand)} need ${violation.demand.count} devices of node ${nodeId}, but were given ${violation.given}`;
    case 'devices-unasked':
      return `a request without GPU demand was given ${violation.given} GPU devices of node ${nodeId}`;
    case 'device-unknown':
      return `GPU device ${violation.device} does not exist on node ${nodeId} (it has ${violation.deviceCount})`;
    case 'device-repeated':
      return `GPU device ${violation.device} of node ${nodeId} was given twice to one request`;
    case 'model-not-allowed':
      return `node ${nodeId} has ${violation.model} GPUs, which the request (${formatGpuDemand(violation.demand)}) does not allow`;
    case 'device-over-capacity':
      return `GPU device ${violation.device} of node ${nodeId} would hold ${violation.allocatedMilli + violation.addedMilli} of ${GPU_DEVICE_MILLI} milli (${violation.allocatedMilli} held, ${violation.addedMilli} added)`;
    default:
      return assertNever(violation, 'GPU placement violation');
  }
}

// Stryker disable all: no gate applies this law (the harness keeps device totals itself, and only the unit test calls it), so a mutant here could only be caught by that test, not by the gate that bench:mutation measures.
/**
 * Per-device conservation of a whole cluster state: on every device, what
 * the node reports allocated equals the sum of what its jobs hold there, and
 * never exceeds GPU_DEVICE_MILLI. Returns one sentence per broken device.
 */
export function deviceConservationViolations(
  nodes: readonly { readonly id: string; readonly gpus?: NodeGpus | undefined }[],
  jobs: readonly { readonly nodeId: string; readonly gpu?: GpuHolding | undefined }[],
): readonly string[] {
  const held = new Map<string, number[]>();
  for (const job of jobs) {
    if (job.gpu === undefined) continue;
    const sums = held.get(job.nodeId) ?? [];
    for (const device of job.gpu.devices) sums[device] = (sums[device] ?? 0) + gpuMilliPerDevice(job.gpu.demand);
    held.set(job.nodeId, sums);
  }
  const problems: string[] = [];
  for (const node of nodes) {
    const sums = held.get(node.id) ?? [];
    const reported = node.gpus?.allocatedMilli ?? [];
    const devices = Math.max(sums.length, reported.length);
    for (let device = 0; device < devices; device++) {
      const sum = sums[device] ?? 0;
      const report = reported[device];
      if (report === undefined) problems.push(`node ${node.id} has no GPU device ${device}, yet jobs hold ${sum} milli on it`);
      else if (report !== sum) problems.push(`GPU device ${device} of node ${node.id} reports ${report} milli allocated, its jobs hold ${sum}`);
      else if (sum > GPU_DEVICE_MILLI) problems.push(`GPU device ${device} of node ${node.id} holds ${sum} of ${GPU_DEVICE_MILLI} milli`);
    }
  }
  return problems;
}
// Stryker restore all
