import type { ClusterView, JobMove, NodeView, PendingRequest, PlacementDecision } from '../../impl/schedulers/define-scheduler.js';
import { GPU_DEVICE_MILLI, gpuMilliPerDevice } from '../../model/gpu-demand.js';
import { describeGpuPlacementViolation, gpuPlacementViolation } from '../../model/gpu-placement-laws.js';
import { addResources, formatResources, NO_RESOURCES, RESOURCE_DIMENSIONS, subtractResources, type Resources } from '../../model/resources.js';
import type { SchedulerViolation } from './scheduler-violation.js';

export type Checked<T> = { readonly kind: 'ok'; readonly value: T } | { readonly kind: 'violation'; readonly violation: SchedulerViolation };

/** Finds a node of the view by id; the harness passes its own index so a call on thousands of nodes does not build one. */
export type NodeLookup = (id: string) => NodeView | undefined;

const malformed = (message: string): Checked<never> => ({ kind: 'violation', violation: { property: 'termination', message } });
const overdrawn = (message: string): Checked<never> => ({ kind: 'violation', violation: { property: 'conservation', message } });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
  return text === undefined ? String(value) : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function lookupOf(cluster: ClusterView, lookup: NodeLookup | undefined): NodeLookup {
  if (lookup !== undefined) return lookup;
  const nodes = new Map(cluster.nodes.map((n) => [n.id, n]));
  return (id) => nodes.get(id);
}

/** A resource vector in whole, non-negative, safe units, or why it is not one. */
function readResources(value: unknown, what: string): Checked<Resources> {
  if (!isRecord(value)) return malformed(`${what} is ${show(value)}, not a { cpuMillis, memoryMiB } object`);
  for (const d of RESOURCE_DIMENSIONS) {
    const amount = value[d];
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0) {
      return malformed(`${what} has ${d}=${show(amount)}, not a whole number ≥ 0`);
    }
  }
  return { kind: 'ok', value: { cpuMillis: value.cpuMillis as number, memoryMiB: value.memoryMiB as number } };
}

/** A list of device indexes (whole numbers), or why it is not one; absent reads as no devices. */
function readDevices(value: unknown, what: string): Checked<readonly number[]> {
  if (value === undefined) return { kind: 'ok', value: [] };
  if (!Array.isArray(value) || !value.every((d) => typeof d === 'number' && Number.isSafeInteger(d))) {
    return malformed(`${what} is ${show(value)}, not a list of GPU device indexes`);
  }
  return { kind: 'ok', value: value as number[] };
}

/** Per node, what it would hold after `extra` is added, checked against its capacity. */
function overCapacity(lookup: NodeLookup, extra: ReadonlyMap<string, Resources>, after: string): Checked<never> | undefined {
  for (const [nodeId, added] of extra) {
    const node = lookup(nodeId);
    if (node === undefined) continue;
    const total = addResources(node.allocated, added);
    for (const d of RESOURCE_DIMENSIONS) {
      if (total[d] > node.capacity[d]) {
        return overdrawn(`node ${node.id} would hold ${d}=${total[d]} of capacity ${node.capacity[d]} ${after} (allocated ${formatResources(node.allocated)})`);
      }
    }
  }
  return undefined;
}

/** What a batch of decisions adds on each GPU device, keyed by node then device. */
class DeviceDelta {
  private readonly byNode = new Map<string, Map<number, number>>();
  add(nodeId: string, devices: readonly number[], milli: number): void {
    const perDevice = this.byNode.get(nodeId) ?? new Map<number, number>();
    for (const device of devices) perDevice.set(device, (perDevice.get(device) ?? 0) + milli);
    this.byNode.set(nodeId, perDevice);
  }
  on(nodeId: string, device: number): number {
    return this.byNode.get(nodeId)?.get(device) ?? 0;
  }
  /** The first device pushed above a whole device, as a conservation violation. */
  overfilled(lookup: NodeLookup, after: string): Checked<never> | undefined {
    for (const [nodeId, perDevice] of this.byNode) {
      const node = lookup(nodeId);
      for (const [device, delta] of perDevice) {
        const total = (node?.gpus?.allocatedMilli[device] ?? 0) + delta;
        if (total > GPU_DEVICE_MILLI) return overdrawn(`GPU device ${device} of node ${nodeId} would hold ${total} of ${GPU_DEVICE_MILLI} milli ${after}`);
      }
    }
    return undefined;
  }
}

/**
 * Checks what `place` returned. Output that is not well-formed — not an
 * array, unknown ids, a request decided twice, a grant that is not whole
 * non-negative units (NaN, negative, fractional), device indexes that are
 * not whole numbers — breaks `termination`. Well-formed output that breaks
 * the laws — a grant above demand, a grant on a dead node, a node pushed
 * above its capacity, GPU demand placed on the wrong number of devices (a
 * share spread over two), on devices the node lacks or of a model the
 * request does not allow, or a device pushed above 1000 milli — breaks
 * `conservation`.
 */
export function checkPlacement(cluster: ClusterView, pending: readonly PendingRequest[], value: unknown, nodeLookup?: NodeLookup): Checked<readonly PlacementDecision[]> {
  if (!Array.isArray(value)) return malformed(`place returned ${show(value)}, not an array of decisions`);
  const lookup = lookupOf(cluster, nodeLookup);
  const requests = new Map(pending.map((r) => [r.id, r]));
  const decided = new Set<string>();
  const added = new Map<string, Resources>();
  const devicesAdded = new DeviceDelta();
  const decisions: PlacementDecision[] = [];
  for (const [index, item] of value.entries()) {
    if (!isRecord(item)) return malformed(`place returned ${show(item)} at index ${index}, not a decision object`);
    const requestId = item.requestId;
    const request = typeof requestId === 'string' ? requests.get(requestId) : undefined;
    if (typeof requestId !== 'string' || request === undefined) {
      return malformed(`place decided ${show(requestId)}, which is not a pending request id`);
    }
    if (decided.has(requestId)) return malformed(`place decided request ${requestId} twice`);
    decided.add(requestId);
    if (item.kind === 'reject') {
      decisions.push({ kind: 'reject', requestId, reason: typeof item.reason === 'string' ? item.reason : '' });
      continue;
    }
    if (item.kind !== 'place') return malformed(`place returned a decision of kind ${show(item.kind)}; expected "place" or "reject"`);
    const nodeId = item.nodeId;
    const node = typeof nodeId === 'string' ? lookup(nodeId) : undefined;
    if (typeof nodeId !== 'string' || node === undefined) return malformed(`place put request ${requestId} on ${show(nodeId)}, which is not a node id`);
    const grant = readResources(item.grant, `the grant for request ${requestId}`);
    if (grant.kind === 'violation') return grant;
    const devices = readDevices(item.gpuDevices, `the GPU devices for request ${requestId}`);
    if (devices.kind === 'violation') return devices;
    for (const d of RESOURCE_DIMENSIONS) {
      if (grant.value[d] > request.demand[d]) {
        return overdrawn(`request ${requestId} was granted ${d}=${grant.value[d]}, above its demand ${request.demand[d]}`);
      }
    }
    if (!node.alive) return overdrawn(`request ${requestId} was placed on node ${node.id}, which is dead`);
    const gpuBroken = gpuPlacementViolation(node.gpus, request.gpu, devices.value, (device) => (node.gpus?.allocatedMilli[device] ?? 0) + devicesAdded.on(node.id, device));
    if (gpuBroken !== undefined) return overdrawn(`request ${requestId}: ${describeGpuPlacementViolation(gpuBroken, node.id)}`);
    if (request.gpu !== undefined) devicesAdded.add(node.id, devices.value, gpuMilliPerDevice(request.gpu));
    added.set(node.id, addResources(added.get(node.id) ?? NO_RESOURCES, grant.value));
    decisions.push(
      request.gpu === undefined
        ? { kind: 'place', requestId, nodeId: node.id, grant: grant.value }
        : { kind: 'place', requestId, nodeId: node.id, grant: grant.value, gpuDevices: devices.value },
    );
  }
  return overCapacity(lookup, added, 'after this placement') ?? { kind: 'ok', value: decisions };
}

/** Checks what `rebalance` returned, with the same split between the two properties. */
export function checkMoves(cluster: ClusterView, value: unknown, nodeLookup?: NodeLookup): Checked<readonly JobMove[]> {
  if (!Array.isArray(value)) return malformed(`rebalance returned ${show(value)}, not an array of moves`);
  const lookup = lookupOf(cluster, nodeLookup);
  const jobs = new Map(cluster.jobs.map((j) => [j.id, j]));
  const moved = new Set<string>();
  const delta = new Map<string, Resources>();
  const devicesDelta = new DeviceDelta();
  const moves: JobMove[] = [];
  const shift = (nodeId: string, amount: Resources, sign: 1 | -1) => {
    const before = delta.get(nodeId) ?? NO_RESOURCES;
    delta.set(nodeId, sign === 1 ? addResources(before, amount) : subtractResources(before, amount));
  };
  for (const [index, item] of value.entries()) {
    if (!isRecord(item) || item.kind !== 'move') return malformed(`rebalance returned ${show(item)} at index ${index}, not a { kind: "move" } object`);
    const job = typeof item.jobId === 'string' ? jobs.get(item.jobId) : undefined;
    if (job === undefined) return malformed(`rebalance moved ${show(item.jobId)}, which is not a placed job id`);
    if (moved.has(job.id)) return malformed(`rebalance moved job ${job.id} twice`);
    moved.add(job.id);
    const target = typeof item.toNodeId === 'string' ? lookup(item.toNodeId) : undefined;
    if (target === undefined) return malformed(`rebalance moved job ${job.id} to ${show(item.toNodeId)}, which is not a node id`);
    const devices = readDevices(item.gpuDevices, `the GPU devices for job ${job.id}`);
    if (devices.kind === 'violation') return devices;
    if (!target.alive) return overdrawn(`rebalance moved job ${job.id} to node ${target.id}, which is dead`);
    // Device room is checked once all moves are known (a move may free a
    // device another move takes), so this only checks the shape of the move.
    const gpuBroken = gpuPlacementViolation(target.gpus, job.gpu?.demand, devices.value, () => 0);
    if (gpuBroken !== undefined) return overdrawn(`rebalance of job ${job.id}: ${describeGpuPlacementViolation(gpuBroken, target.id)}`);
    if (job.gpu !== undefined) {
      const milli = gpuMilliPerDevice(job.gpu.demand);
      devicesDelta.add(job.nodeId, job.gpu.devices, -milli);
      devicesDelta.add(target.id, devices.value, milli);
    }
    shift(job.nodeId, job.grant, -1);
    shift(target.id, job.grant, 1);
    moves.push(job.gpu === undefined ? { kind: 'move', jobId: job.id, toNodeId: target.id } : { kind: 'move', jobId: job.id, toNodeId: target.id, gpuDevices: devices.value });
  }
  return overCapacity(lookup, delta, 'after this rebalance') ?? devicesDelta.overfilled(lookup, 'after this rebalance') ?? { kind: 'ok', value: moves };
}
