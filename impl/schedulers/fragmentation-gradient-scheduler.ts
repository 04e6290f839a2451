import { GPU_DEVICE_MILLI, gpuMilliPerDevice, gpuModelAllowed } from '../../model/gpu-demand.js';
import { demandProfile, nodeGpuFragmentation, type DemandProfile, type NodeRoom } from '../../model/gpu-fragmentation.js';
import { fitsWithin, subtractResources } from '../../model/resources.js';
import { leftoverScore } from './best-fit-scheduler.js';
import { defineScheduler, type PendingRequest, type PlaceInput, type PlacementDecision, type StepBudget } from './define-scheduler.js';
import { afterGrant, gpuDevicesOn, liveCandidates, placeDecision, type NodeCandidate, type Placement } from './place-whole-requests.js';

function roomOf(candidate: NodeCandidate): NodeRoom {
  return { free: candidate.free, gpuModel: candidate.node.gpus?.model ?? '', gpuFreeMilli: candidate.gpuFree };
}

/** A request's shape, so that the gradient of one node for one shape is computed once. */
function shapeKey(request: PendingRequest): string {
  const gpu = request.gpu;
  const gpuPart = gpu === undefined ? '-' : `${gpu.kind}:${gpu.kind === 'whole' ? gpu.count : gpu.milli}:${(gpu.models ?? []).join('|')}`;
  return `${request.demand.cpuMillis}/${request.demand.memoryMiB}/${gpuPart}`;
}

interface Gradient {
  readonly delta: number;
  readonly devices: readonly number[];
}

/**
 * What the policy derived from frozen candidates, per demand profile: a
 * candidate's fragmentation, and per request shape the best gradient on it.
 * Candidates of unchanged nodes are the same objects from call to call
 * (`liveCandidates` remembers them), so a trace replay computes each node's
 * gradients once per change instead of once per request. Everything here
 * is a pure function of frozen data, so remembering it changes no answer.
 */
const derivedByProfile = new WeakMap<DemandProfile, WeakMap<NodeCandidate, { fragmentation: number; gradients: Map<string, Gradient | null> }>>();

function derivedFor(profile: DemandProfile, candidate: NodeCandidate, budget: StepBudget) {
  let byCandidate = derivedByProfile.get(profile);
  if (byCandidate === undefined) {
    byCandidate = new WeakMap();
    derivedByProfile.set(profile, byCandidate);
  }
  let derived = byCandidate.get(candidate);
  if (derived === undefined) {
    budget.step(profile.length);
    derived = { fragmentation: nodeGpuFragmentation(roomOf(candidate), profile), gradients: new Map() };
    byCandidate.set(candidate, derived);
  }
  return derived;
}

/**
 * The change in a node's expected fragmentation if the request were placed
 * on it, with the devices that make the change smallest (for a share, every
 * device with room is tried; whole devices are interchangeable once taken
 * whole); null when the request does not fit the node.
 */
function gradient(request: PendingRequest, candidate: NodeCandidate, profile: DemandProfile, budget: StepBudget): Gradient | null {
  if (!fitsWithin(request.demand, candidate.free)) return null;
  const before = derivedFor(profile, candidate, budget).fragmentation;
  const free = subtractResources(candidate.free, request.demand);
  const model = candidate.node.gpus?.model ?? '';
  const gpu = request.gpu;
  if (gpu === undefined || gpu.kind === 'whole') {
    const devices = gpuDevicesOn(request, candidate);
    if (devices === undefined) return null;
    const gpuFreeMilli = gpu === undefined ? candidate.gpuFree : candidate.gpuFree.map((m, d) => (devices.includes(d) ? m - GPU_DEVICE_MILLI : m));
    budget.step(profile.length);
    return { delta: nodeGpuFragmentation({ free, gpuModel: model, gpuFreeMilli }, profile) - before, devices };
  }
  if (!gpuModelAllowed(gpu, model)) return null;
  let best: Gradient | null = null;
  const taken = gpuMilliPerDevice(gpu);
  for (let device = 0; device < candidate.gpuFree.length; device++) {
    if ((candidate.gpuFree[device] ?? 0) < taken) continue;
    budget.step(profile.length);
    const gpuFreeMilli = candidate.gpuFree.map((m, d) => (d === device ? m - taken : m));
    const delta = nodeGpuFragmentation({ free, gpuModel: model, gpuFreeMilli }, profile) - before;
    if (best === null || delta < best.delta) best = { delta, devices: [device] };
  }
  return best;
}

function cachedGradient(request: PendingRequest, shape: string, candidate: NodeCandidate, profile: DemandProfile, budget: StepBudget): Gradient | null {
  const gradients = derivedFor(profile, candidate, budget).gradients;
  const known = gradients.get(shape);
  if (known !== undefined) return known;
  const computed = gradient(request, candidate, profile, budget);
  gradients.set(shape, computed);
  return computed;
}

/**
 * Fragmentation gradient descent (Weng et al., "Beware of Fragmentation",
 * USENIX ATC '23), from the paper's description: the fragmentation of a node
 * for one request is the free GPU that request could not use, its expected
 * value over the workload's request mix is the node's fragmentation, and
 * each request goes where that fragmentation grows least (the steepest
 * descent), on the device that makes it grow least. The mix is the trace's
 * (`expectedDemand`) when the harness has one, else the requests in the
 * view. Equal gradients go to the tightest fit (best-fit's score), then to
 * the node that joined first, where the paper's Kubernetes plug-in picks at
 * random.
 */
function placeByFragmentationGradient(input: PlaceInput): readonly PlacementDecision[] {
  const profile = input.expectedDemand ?? demandProfile([...input.cluster.jobs.map((job) => ({ demand: job.demand, gpu: job.gpu?.demand })), ...input.pending]);
  let candidates = liveCandidates(input);
  const decisions: PlacementDecision[] = [];
  for (const request of input.pending) {
    input.budget.step(1 + candidates.length);
    const shape = shapeKey(request);
    let best: (Placement & { delta: number; leftover: number }) | undefined;
    for (const candidate of candidates) {
      const g = cachedGradient(request, shape, candidate, profile, input.budget);
      if (g === null) continue;
      if (best !== undefined && g.delta > best.delta) continue;
      const leftover = leftoverScore(candidate, request);
      if (best === undefined || g.delta < best.delta || leftover < best.leftover) best = { candidate, devices: g.devices, delta: g.delta, leftover };
    }
    if (best === undefined) {
      decisions.push({ kind: 'reject', requestId: request.id, reason: 'no live node has room' });
      continue;
    }
    decisions.push(placeDecision(request, best));
    const chosen = best.candidate;
    const updated = afterGrant(chosen, request, request.demand, best.devices);
    candidates = candidates.map((c) => (c === chosen ? updated : c));
  }
  return decisions;
}

export const fragmentationGradientScheduler = defineScheduler({
  name: 'fragmentation-gradient',
  description: 'FGD (ATC 23): each request where expected GPU fragmentation grows least, on the best device',
  place: placeByFragmentationGradient,
});
