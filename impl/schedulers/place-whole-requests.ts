import { gpuDemandMilli, gpuMilliPerDevice, gpuModelAllowed, packGpuDevices, GPU_DEVICE_MILLI } from '../../model/gpu-demand.js';
import { addResources, subtractResources, type Resources } from '../../model/resources.js';
import type { NodeView, PendingRequest, PlaceInput, PlacementDecision } from './define-scheduler.js';

/** A live node with what is still free on it during this call. */
export interface NodeCandidate {
  readonly node: NodeView;
  /** Capacity minus allocated minus what this call has already granted on it. */
  readonly free: Resources;
  /** Allocated plus what this call has already granted on it. */
  readonly allocated: Resources;
  /** Free thousandths of each GPU device, likewise; empty on a node without GPUs. */
  readonly gpuFree: readonly number[];
  /** Summaries of `gpuFree`, so that most candidates are judged without a loop over devices. */
  readonly gpuFreeTotal: number;
  readonly gpuFreeMost: number;
  readonly gpuEmptyDevices: number;
}

/** A candidate from its node, what it holds and its devices' free thousandths. */
function candidateFrom(node: NodeView, allocated: Resources, free: Resources, gpuFree: readonly number[]): NodeCandidate {
  let gpuFreeTotal = 0;
  let gpuFreeMost = 0;
  let gpuEmptyDevices = 0;
  for (const milli of gpuFree) {
    gpuFreeTotal += milli;
    if (milli > gpuFreeMost) gpuFreeMost = milli;
    if (milli >= GPU_DEVICE_MILLI) gpuEmptyDevices += 1;
  }
  return { node, allocated, free, gpuFree, gpuFreeTotal, gpuFreeMost, gpuEmptyDevices };
}

/**
 * True when the candidate's devices can take the request's GPU demand (or
 * it has none): the same answer as `gpuDevicesOn(...) !== undefined`, from
 * the summaries alone.
 */
export function gpuFits(request: PendingRequest, candidate: NodeCandidate): boolean {
  const gpu = request.gpu;
  if (gpu === undefined) return true;
  if (!gpuModelAllowed(gpu, candidate.node.gpus?.model ?? '')) return false;
  return gpu.kind === 'share' ? candidate.gpuFreeMost >= gpu.milli : candidate.gpuEmptyDevices >= gpu.count;
}

/** Where one request goes: the node, and the GPU devices it takes there (none without GPU demand). */
export interface Placement {
  readonly candidate: NodeCandidate;
  readonly devices: readonly number[];
}

/**
 * Picks the node for one whole request, or `undefined` to reject it. The
 * chooser alone decides whether the request fits, so a variant's capacity
 * check lives in the variant and nowhere else.
 */
export type NodeChooser = (request: PendingRequest, candidates: readonly NodeCandidate[]) => Placement | undefined;

/**
 * The GPU devices a request would take on a candidate, packed tightly
 * (`packGpuDevices`): an empty list for a request without GPU demand, and
 * undefined when the candidate has no room for its GPU demand.
 */
export function gpuDevicesOn(request: PendingRequest, candidate: NodeCandidate): readonly number[] | undefined {
  if (request.gpu === undefined) return [];
  return packGpuDevices(request.gpu, candidate.node.gpus?.model ?? '', candidate.gpuFree);
}

/** Free GPU thousandths of a candidate, over capacity; 0 for a node without GPUs. */
export function gpuFreeFraction(candidate: NodeCandidate, request?: PendingRequest): number {
  const devices = candidate.gpuFree.length;
  return devices === 0 ? 0 : (candidate.gpuFreeTotal - gpuDemandMilli(request?.gpu)) / (devices * GPU_DEVICE_MILLI);
}

/**
 * A chooser that takes, among the candidates where `fits` says the cpu and
 * memory demand fits and the GPU demand finds devices, the one with the
 * lowest `score`; ties go to the earlier candidate (the node that joined
 * first). Each candidate is scored once.
 */
export function lowestScoreChooser(
  fits: (demand: Resources, free: Resources) => boolean,
  score: (candidate: NodeCandidate, request: PendingRequest) => number,
): NodeChooser {
  return (request, candidates) => {
    let best: NodeCandidate | undefined;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const candidate of candidates) {
      if (!fits(request.demand, candidate.free) || !gpuFits(request, candidate)) continue;
      const value = score(candidate, request);
      if (best === undefined || value < bestScore) {
        best = candidate;
        bestScore = value;
      }
    }
    // Devices are chosen for the winner only; gpuFits promised it has them.
    const devices = best === undefined ? undefined : gpuDevicesOn(request, best);
    return best === undefined || devices === undefined ? undefined : { candidate: best, devices };
  };
}

/** The candidate after granting `grant` and the devices' share of `request` on it. */
export function afterGrant(candidate: NodeCandidate, request: PendingRequest, grant: Resources, devices: readonly number[]): NodeCandidate {
  let gpuFree = candidate.gpuFree;
  if (request.gpu !== undefined && devices.length > 0) {
    const taken = gpuMilliPerDevice(request.gpu);
    gpuFree = gpuFree.map((free, device) => (devices.includes(device) ? free - taken : free));
  }
  return candidateFrom(candidate.node, addResources(candidate.allocated, grant), subtractResources(candidate.free, grant), gpuFree);
}

/** The decision placing `request` whole on a placement, naming devices only when it asks for GPUs. */
export function placeDecision(request: PendingRequest, placement: Placement, grant: Resources = request.demand): PlacementDecision {
  return request.gpu === undefined
    ? { kind: 'place', requestId: request.id, nodeId: placement.candidate.node.id, grant }
    : { kind: 'place', requestId: request.id, nodeId: placement.candidate.node.id, grant, gpuDevices: placement.devices };
}

/**
 * The shared loop of the whole-request schedulers (first-fit, best-fit,
 * least-loaded): take requests oldest first, grant each its whole
 * demand on the chosen live node or reject it, and keep the free capacity of
 * every node current within the call. The input is never mutated.
 */
export function placeWholeRequests(input: PlaceInput, choose: NodeChooser): readonly PlacementDecision[] {
  let candidates = liveCandidates(input);
  const decisions: PlacementDecision[] = [];
  input.pending.forEach((request, index) => {
    input.budget.step(1 + candidates.length);
    const chosen = choose(request, candidates);
    if (chosen === undefined) {
      decisions.push({ kind: 'reject', requestId: request.id, reason: 'no live node has room' });
      return;
    }
    decisions.push(placeDecision(request, chosen));
    if (index + 1 < input.pending.length) candidates = withUpdated(candidates, chosen.candidate, afterGrant(chosen.candidate, request, request.demand, chosen.devices));
  });
  return decisions;
}

/** The candidates with `before` replaced by `after`. */
export function withUpdated(candidates: readonly NodeCandidate[], before: NodeCandidate, after: NodeCandidate): readonly NodeCandidate[] {
  return candidates.map((c) => (c === before ? after : c));
}

/**
 * Candidates of frozen node views are remembered: the harness hands the
 * same frozen view of an unchanged node to every call, so a large cluster
 * costs one lookup per node and call instead of fresh vectors. A frozen
 * view cannot change, so the remembered candidate is always its own.
 */
const candidateOfFrozenNode = new WeakMap<NodeView, NodeCandidate>();

function candidateOf(node: NodeView): NodeCandidate {
  const known = candidateOfFrozenNode.get(node);
  if (known !== undefined) return known;
  const gpuFree = node.gpus === undefined ? [] : node.gpus.allocatedMilli.map((held) => GPU_DEVICE_MILLI - held);
  const candidate = candidateFrom(node, node.allocated, subtractResources(node.capacity, node.allocated), gpuFree);
  if (Object.isFrozen(node) && Object.isFrozen(node.capacity) && Object.isFrozen(node.allocated) && (node.gpus === undefined || Object.isFrozen(node.gpus.allocatedMilli))) {
    candidateOfFrozenNode.set(node, candidate);
  }
  return candidate;
}

/** Likewise for a frozen list of nodes: the harness asks each question twice, on the same list. */
const candidatesOfFrozenNodes = new WeakMap<readonly NodeView[], readonly NodeCandidate[]>();

/** The free capacity of every live node, for variants that do their own loop. */
export function liveCandidates(input: PlaceInput): readonly NodeCandidate[] {
  const nodes = input.cluster.nodes;
  const known = candidatesOfFrozenNodes.get(nodes);
  if (known !== undefined) return known;
  const candidates: NodeCandidate[] = [];
  for (const node of nodes) if (node.alive) candidates.push(candidateOf(node));
  // Only a frozen list of nodes whose candidates are all remembered can be trusted not to change.
  if (Object.isFrozen(nodes) && candidates.every((c) => candidateOfFrozenNode.get(c.node) === c)) candidatesOfFrozenNodes.set(nodes, Object.freeze(candidates));
  return candidates;
}
