import type { ClusterView, JobMove, PendingRequest, PlacementDecision } from '../../impl/schedulers/define-scheduler.js';
import { addResources, formatResources, RESOURCE_DIMENSIONS, type Resources } from '../../model/resources.js';
import type { SchedulerViolation } from './scheduler-violation.js';

export type Checked<T> = { readonly kind: 'ok'; readonly value: T } | { readonly kind: 'violation'; readonly violation: SchedulerViolation };

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

/** Per live node, what it would hold after `extra` is added, checked against its capacity. */
function overCapacity(cluster: ClusterView, extra: ReadonlyMap<string, Resources>, after: string): Checked<never> | undefined {
  for (const node of cluster.nodes) {
    const added = extra.get(node.id);
    if (added === undefined) continue;
    const total = addResources(node.allocated, added);
    for (const d of RESOURCE_DIMENSIONS) {
      if (total[d] > node.capacity[d]) {
        return overdrawn(`node ${node.id} would hold ${d}=${total[d]} of capacity ${node.capacity[d]} ${after} (allocated ${formatResources(node.allocated)})`);
      }
    }
  }
  return undefined;
}

/**
 * Checks what `place` returned. Output that is not well-formed — not an
 * array, unknown ids, a request decided twice, a grant that is not whole
 * non-negative units (NaN, negative, fractional) — breaks `termination`.
 * Well-formed output that breaks the laws — a grant above demand, a grant on
 * a dead node, a node pushed above its capacity — breaks `conservation`.
 */
export function checkPlacement(cluster: ClusterView, pending: readonly PendingRequest[], value: unknown): Checked<readonly PlacementDecision[]> {
  if (!Array.isArray(value)) return malformed(`place returned ${show(value)}, not an array of decisions`);
  const requests = new Map(pending.map((r) => [r.id, r]));
  const nodes = new Map(cluster.nodes.map((n) => [n.id, n]));
  const decided = new Set<string>();
  const added = new Map<string, Resources>();
  const decisions: PlacementDecision[] = [];
  for (const [index, item] of value.entries()) {
    if (!isRecord(item)) return malformed(`place returned ${show(item)} at index ${index}, not a decision object`);
    const requestId = item.requestId;
    if (typeof requestId !== 'string' || !requests.has(requestId)) {
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
    const node = typeof nodeId === 'string' ? nodes.get(nodeId) : undefined;
    if (typeof nodeId !== 'string' || node === undefined) return malformed(`place put request ${requestId} on ${show(nodeId)}, which is not a node id`);
    const grant = readResources(item.grant, `the grant for request ${requestId}`);
    if (grant.kind === 'violation') return grant;
    const demand = requests.get(requestId)?.demand;
    for (const d of RESOURCE_DIMENSIONS) {
      if (demand !== undefined && grant.value[d] > demand[d]) {
        return overdrawn(`request ${requestId} was granted ${d}=${grant.value[d]}, above its demand ${demand[d]}`);
      }
    }
    if (!node.alive) return overdrawn(`request ${requestId} was placed on node ${node.id}, which is dead`);
    added.set(node.id, addResources(added.get(node.id) ?? { cpuMillis: 0, memoryMiB: 0 }, grant.value));
    decisions.push({ kind: 'place', requestId, nodeId: node.id, grant: grant.value });
  }
  return overCapacity(cluster, added, 'after this placement') ?? { kind: 'ok', value: decisions };
}

/** Checks what `rebalance` returned, with the same split between the two properties. */
export function checkMoves(cluster: ClusterView, value: unknown): Checked<readonly JobMove[]> {
  if (!Array.isArray(value)) return malformed(`rebalance returned ${show(value)}, not an array of moves`);
  const jobs = new Map(cluster.jobs.map((j) => [j.id, j]));
  const nodes = new Map(cluster.nodes.map((n) => [n.id, n]));
  const moved = new Set<string>();
  const delta = new Map<string, Resources>();
  const moves: JobMove[] = [];
  const shift = (nodeId: string, amount: Resources, sign: 1 | -1) => {
    const before = delta.get(nodeId) ?? { cpuMillis: 0, memoryMiB: 0 };
    delta.set(nodeId, { cpuMillis: before.cpuMillis + sign * amount.cpuMillis, memoryMiB: before.memoryMiB + sign * amount.memoryMiB });
  };
  for (const [index, item] of value.entries()) {
    if (!isRecord(item) || item.kind !== 'move') return malformed(`rebalance returned ${show(item)} at index ${index}, not a { kind: "move" } object`);
    const job = typeof item.jobId === 'string' ? jobs.get(item.jobId) : undefined;
    if (job === undefined) return malformed(`rebalance moved ${show(item.jobId)}, which is not a placed job id`);
    if (moved.has(job.id)) return malformed(`rebalance moved job ${job.id} twice`);
    moved.add(job.id);
    const target = typeof item.toNodeId === 'string' ? nodes.get(item.toNodeId) : undefined;
    if (target === undefined) return malformed(`rebalance moved job ${job.id} to ${show(item.toNodeId)}, which is not a node id`);
    if (!target.alive) return overdrawn(`rebalance moved job ${job.id} to node ${target.id}, which is dead`);
    shift(job.nodeId, job.grant, -1);
    shift(target.id, job.grant, 1);
    moves.push({ kind: 'move', jobId: job.id, toNodeId: target.id });
  }
  return overCapacity(cluster, delta, 'after this rebalance') ?? { kind: 'ok', value: moves };
}
