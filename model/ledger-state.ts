import { hashString } from './lin-spec.js';
import { addResources, NO_RESOURCES, resourcesEqual, subtractResources, type Resources } from './resources.js';

/** One placed job: which node holds its grant, how much it was granted, and for whom. */
export interface JobPlacement {
  readonly job: string;
  readonly node: string;
  readonly demand: Resources;
  /** Recorded for per-tenant fairness checks; it never decides legality. */
  readonly tenant: string | undefined;
}

/**
 * The job ledger's state: the set of placed jobs, immutable and canonical.
 *
 * - `placements` is sorted by job id and holds one entry per job, so the same
 *   set of placements is always the same array, whatever order the jobs were
 *   placed and completed in. Equality is then an element-wise comparison.
 * - `allocated` is the sum of the grants on each node, in the ledger's node
 *   order. It is derived from `placements` and kept only so that a fit check
 *   does not have to add up every grant.
 * - `hash` is a sum of per-placement hashes, so adding or removing one job
 *   updates it in constant time and it does not depend on any order.
 *
 * Every function here returns a new state and leaves its argument alone,
 * because the linearizability checker keeps earlier states and backtracks.
 */
export interface LedgerState {
  readonly placements: readonly JobPlacement[];
  readonly allocated: readonly Resources[];
  readonly hash: number;
}

/** The state of a ledger over `nodeCount` nodes with nothing placed. */
export function emptyLedgerState(nodeCount: number): LedgerState {
  return { placements: [], allocated: Array.from({ length: nodeCount }, () => NO_RESOURCES), hash: 0 };
}

/**
 * The position of `job` in `state.placements` when it is placed, or else
 * `-(insertion point) - 1`, as a binary search over the sorted ids.
 */
export function findJob(state: LedgerState, job: string): number {
  let low = 0;
  let high = state.placements.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const id = (state.placements[middle] as JobPlacement).job;
    if (id === job) return middle;
    if (id < job) low = middle + 1;
    else high = middle - 1;
  }
  return -low - 1;
}

/**
 * The state with `placement` added on the node at `nodeIndex` (the index of
 * `placement.node` in the ledger's node order). The job must not be placed.
 */
export function withJobPlaced(state: LedgerState, placement: JobPlacement, nodeIndex: number): LedgerState {
  const found = findJob(state, placement.job);
  if (found >= 0) throw new Error(`job ${placement.job} is already placed`);
  const placements = [...state.placements];
  placements.splice(-found - 1, 0, placement);
  const allocated = state.allocated.map((vector, index) => (index === nodeIndex ? addResources(vector, placement.demand) : vector));
  return { placements, allocated, hash: (state.hash + placementHash(placement)) | 0 };
}

/**
 * The state without the placement at `position` (as `findJob` returns it),
 * whose node is at `nodeIndex` in the ledger's node order.
 */
export function withJobRemoved(state: LedgerState, position: number, nodeIndex: number): LedgerState {
  const placement = state.placements[position];
  if (placement === undefined) throw new Error(`no placement at position ${position}`);
  const placements = state.placements.filter((_, index) => index !== position);
  const allocated = state.allocated.map((vector, index) => (index === nodeIndex ? subtractResources(vector, placement.demand) : vector));
  return { placements, allocated, hash: (state.hash - placementHash(placement)) | 0 };
}

export function ledgerStatesEqual(a: LedgerState, b: LedgerState): boolean {
  if (a === b) return true;
  if (a.hash !== b.hash || a.placements.length !== b.placements.length) return false;
  return a.placements.every((placement, index) => placementsEqual(placement, b.placements[index] as JobPlacement));
}

function placementsEqual(a: JobPlacement, b: JobPlacement): boolean {
  return a.job === b.job && a.node === b.node && a.tenant === b.tenant && resourcesEqual(a.demand, b.demand);
}

function placementHash(placement: JobPlacement): number {
  const { job, node, demand, tenant } = placement;
  const text = `${job}\u0000${node}\u0000${demand.cpuMillis}\u0000${demand.memoryMiB}\u0000${tenant ?? '\u0001'}`;
  // Mixing each member before summing keeps sums of similar placements apart.
  return Math.imul(hashString(text) ^ 0x5bd1e995, 0x9e3779b1);
}

/** A demand in the notation of the CLI's `--nodes` option: `500m/256Mi`. */
export function formatDemand(demand: Resources): string {
  return `${demand.cpuMillis}m/${demand.memoryMiB}Mi`;
}

/** `{j1@n1 500m/256Mi tenant=a, j2@n2 1000m/512Mi}`, in job order. */
export function describeLedgerState(state: LedgerState): string {
  const jobs = state.placements.map(({ job, node, demand, tenant }) => `${job}@${node} ${formatDemand(demand)}${tenant === undefined ? '' : ` tenant=${tenant}`}`);
  return `{${jobs.join(', ')}}`;
}
