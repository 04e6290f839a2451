import { assertNever } from './assert-never.js';
import { describeLedgerState, emptyLedgerState, findJob, formatDemand, ledgerStatesEqual, withJobPlaced, withJobRemoved, type LedgerState } from './ledger-state.js';
import type { NondeterministicSpec } from './nondeterministic-spec.js';
import { fitsWithin, isWholeResources, NO_RESOURCES, resourcesEqual, subtractResources, type Resources } from './resources.js';

/** A node of the cluster as the ledger sees it: an id and what it can grant in all. */
export interface LedgerNode {
  readonly id: string;
  readonly capacity: Resources;
}

/**
 * The allocation service's client API. `submit` asks for `demand` for a job
 * (a job id names at most one placement at a time); `complete` ends a placed
 * job, whether it finished or was released, and frees its grant; `query`
 * reads the allocation of every node; `move` (what a rebalancer calls) moves
 * a placed job, with its grant, to another node.
 */
export type LedgerInput =
  | { readonly kind: 'submit'; readonly job: string; readonly demand: Resources; readonly tenant?: string }
  | { readonly kind: 'complete'; readonly job: string }
  | { readonly kind: 'query' }
  | { readonly kind: 'move'; readonly job: string; readonly node: string };

/**
 * What an operation returned. A query returns the allocation per node, not
 * the cluster total, because a total would hide a grant made on a node other
 * than the one the service reported; a node missing from `allocated` has
 * nothing allocated. `unknown` is a lost result (a timeout or `:info`): the
 * operation may or may not have happened.
 */
export type LedgerOutput =
  /** Placed on `node` with `grant` (the whole demand when absent; a policy may grant less). */
  | { readonly kind: 'placed'; readonly node: string; readonly grant?: Resources }
  | { readonly kind: 'moved' }
  | { readonly kind: 'refused' }
  | { readonly kind: 'rejected' }
  | { readonly kind: 'completed' }
  | { readonly kind: 'unknown-job' }
  | { readonly kind: 'allocations'; readonly allocated: Readonly<Record<string, Resources>> }
  | { readonly kind: 'unknown' };

/**
 * When a submit may be rejected. `never-when-it-fits`: a work-conserving
 * service rejects only a demand that fits on no node (or a duplicate job).
 * `always-allowed`: a service that grants from per-node shares may refuse
 * while capacity sits elsewhere.
 */
export type LedgerRejection = 'never-when-it-fits' | 'always-allowed';

/** The job ledger in Porcupine's record-of-functions form; see `jobLedgerSpec`. */
export type JobLedgerSpec = NondeterministicSpec<LedgerState, LedgerInput, LedgerOutput>;

/**
 * Why `nodes` cannot make a ledger, as a sentence, or `undefined` when they
 * can: there must be at least one node, ids must be distinct and non-empty,
 * and capacities whole, non-negative numbers. Parsers report the sentence
 * as bad input; the spec builders throw it as a programming error.
 */
export function ledgerNodesProblem(nodes: readonly LedgerNode[]): string | undefined {
  if (nodes.length === 0) return 'a ledger needs at least one node';
  const seen = new Set<string>();
  for (const { id, capacity } of nodes) {
    if (typeof id !== 'string' || id === '') return 'every node needs a non-empty id';
    if (seen.has(id)) return `node id ${id} appears twice`;
    seen.add(id);
    if (!isWholeResources(capacity)) return `node ${id} needs a capacity of whole, non-negative cpuMillis and memoryMiB`;
  }
  return undefined;
}

/**
 * The job ledger over `nodes`, which both ledger specs share; they differ
 * only in `rejection`. The state is the set of placed jobs (`LedgerState`).
 *
 * - submit → `placed` on n is legal exactly when the job is not placed and
 *   its grant (its demand unless the output names a smaller grant) is at most
 *   the demand and fits in n's free capacity in every dimension; it records
 *   the job, its node, grant and tenant. `rejected` is legal when the job is
 *   already placed (a duplicate), when the demand fits on no node, or always
 *   under `always-allowed`; it changes nothing.
 * - complete → `completed` is legal exactly when the job is placed, and frees
 *   its grant; `unknown-job` exactly when it is not.
 * - query → `allocations` must equal the allocation of every node.
 * - move → `moved` is legal exactly when the job is placed on another node
 *   than the target and its grant fits in the target's free capacity; it
 *   moves the placement. `refused` is always legal and changes nothing: a
 *   move is a rebalancer's request, and a service may decline it (while the
 *   job is still migrating, say).
 * - `unknown` is legal from every state. A submit with unknown outcome may
 *   have placed the job on any node where it fits, and under
 *   `always-allowed` it may also have been refused; the other unknown
 *   operations have one effect each. That the operation may never have taken
 *   effect at all is the checker's concern, not the spec's: it may leave such
 *   an operation out.
 *
 * Why a nondeterministic spec for both ledgers: a known output names the
 * node, so only a submit with unknown outcome has more than one successor
 * state, but that is enough to need a set of states. The adapter
 * `toDeterministicSpec` already builds that set, so both ledgers are written
 * as nondeterministic specs and checked through it, rather than the strict
 * one carrying its own copy of the power-set construction. For a history
 * without unknown submits the set holds one state throughout.
 */
export function jobLedgerSpec(nodes: readonly LedgerNode[], options: { readonly name: string; readonly rejection: LedgerRejection }): JobLedgerSpec {
  const problem = ledgerNodesProblem(nodes);
  if (problem !== undefined) throw new RangeError(problem);
  // The spec keeps its own copy so that a caller changing the array later
  // cannot change the ledger under the checker.
  const cluster = nodes.map(({ id, capacity }) => ({ id, capacity: { cpuMillis: capacity.cpuMillis, memoryMiB: capacity.memoryMiB } }));
  const indexOf = new Map(cluster.map((node, index) => [node.id, index]));
  const mayRefuse = options.rejection === 'always-allowed';

  const fitsOn = (state: LedgerState, index: number, demand: Resources): boolean => {
    const node = cluster[index];
    const allocated = state.allocated[index];
    return node !== undefined && allocated !== undefined && isWholeResources(demand) && fitsWithin(demand, subtractResources(node.capacity, allocated));
  };

  const submit = (state: LedgerState, input: Extract<LedgerInput, { kind: 'submit' }>, output: LedgerOutput): readonly LedgerState[] => {
    const placed = findJob(state, input.job) >= 0;
    const place = (index: number, grant: Resources = input.demand): LedgerState =>
      withJobPlaced(state, { job: input.job, node: (cluster[index] as LedgerNode).id, demand: grant, tenant: input.tenant }, index);
    switch (output.kind) {
      case 'placed': {
        const index = indexOf.get(output.node);
        const grant = output.grant ?? input.demand;
        const withinDemand = isWholeResources(grant) && fitsWithin(grant, input.demand);
        return !placed && withinDemand && index !== undefined && fitsOn(state, index, grant) ? [place(index, grant)] : [];
      }
      case 'rejected':
        return placed || mayRefuse || !cluster.some((_, index) => fitsOn(state, index, input.demand)) ? [state] : [];
      case 'unknown': {
        if (placed) return [state];
        const successors = cluster.flatMap((_, index) => (fitsOn(state, index, input.demand) ? [place(index)] : []));
        return successors.length === 0 || mayRefuse ? [...successors, state] : successors;
      }
      default:
        return [];
    }
  };

  const complete = (state: LedgerState, job: string, output: LedgerOutput): readonly LedgerState[] => {
    const position = findJob(state, job);
    const placement = state.placements[position];
    if (placement === undefined) return output.kind === 'unknown-job' || output.kind === 'unknown' ? [state] : [];
    if (output.kind !== 'completed' && output.kind !== 'unknown') return [];
    return [withJobRemoved(state, position, indexOf.get(placement.node) ?? -1)];
  };

  const query = (state: LedgerState, output: LedgerOutput): readonly LedgerState[] => {
    if (output.kind === 'unknown') return [state];
    if (output.kind !== 'allocations') return [];
    const named = Object.keys(output.allocated);
    if (!named.every((id) => indexOf.has(id))) return [];
    // Own properties only: a node called "constructor" must not find Object's.
    const reported = (id: string): Resources => (Object.hasOwn(output.allocated, id) ? (output.allocated[id] ?? NO_RESOURCES) : NO_RESOURCES);
    const matches = cluster.every((node, index) => resourcesEqual(reported(node.id), state.allocated[index] ?? NO_RESOURCES));
    return matches ? [state] : [];
  };

  const move = (state: LedgerState, job: string, node: string, output: LedgerOutput): readonly LedgerState[] => {
    const position = findJob(state, job);
    const placement = state.placements[position];
    const target = indexOf.get(node);
    const possible = placement !== undefined && target !== undefined && placement.node !== node && fitsOn(state, target, placement.demand);
    if (output.kind === 'refused') return [state];
    if (output.kind !== 'moved' && output.kind !== 'unknown') return [];
    if (!possible) return output.kind === 'unknown' ? [state] : [];
    const moved = withJobPlaced(withJobRemoved(state, position, indexOf.get(placement.node) ?? -1), { ...placement, node }, target);
    return output.kind === 'unknown' ? [moved, state] : [moved];
  };

  return {
    name: options.name,
    init: () => emptyLedgerState(cluster.length),
    step: (state, input, output) => {
      switch (input.kind) {
        case 'submit': return submit(state, input, output);
        case 'complete': return complete(state, input.job, output);
        case 'query': return query(state, output);
        case 'move': return move(state, input.job, input.node, output);
        default: return assertNever(input, 'ledger input');
      }
    },
    equal: ledgerStatesEqual,
    hash: (state) => state.hash,
    describeOperation: describeLedgerOperation,
    describeState: describeLedgerState,
  };
}

/**
 * The strict ledger of a work-conserving service (the single-leader
 * cluster): it never rejects a demand that fits on some node. Check it
 * through `toDeterministicSpec`; see `jobLedgerSpec` for why.
 */
export function ledgerSpec(nodes: readonly LedgerNode[]): JobLedgerSpec {
  return jobLedgerSpec(nodes, { name: 'ledger', rejection: 'never-when-it-fits' });
}

/** `submit(j1, 500m/256Mi, tenant=a) -> n1`, `complete(j1) -> completed`, `query() -> n1=500m/256Mi`. */
export function describeLedgerOperation(input: LedgerInput, output: LedgerOutput): string {
  const call = (() => {
    switch (input.kind) {
      case 'submit': return `submit(${input.job}, ${formatDemand(input.demand)}${input.tenant === undefined ? '' : `, tenant=${input.tenant}`})`;
      case 'complete': return `complete(${input.job})`;
      case 'query': return 'query()';
      case 'move': return `move(${input.job}, ${input.node})`;
      default: return assertNever(input, 'ledger input');
    }
  })();
  const result = (() => {
    switch (output.kind) {
      case 'placed': return output.grant === undefined ? output.node : `${output.node} grant ${formatDemand(output.grant)}`;
      case 'allocations': {
        const entries = Object.entries(output.allocated).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return entries.length === 0 ? 'nothing allocated' : entries.map(([node, vector]) => `${node}=${formatDemand(vector)}`).join(' ');
      }
      case 'unknown': return '?';
      case 'rejected':
      case 'completed':
      case 'unknown-job':
      case 'moved':
      case 'refused':
        return output.kind;
      default: return assertNever(output, 'ledger output');
    }
  })();
  return `${call} -> ${result}`;
}
