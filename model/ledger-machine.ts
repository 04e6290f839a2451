import { nodeName, type LedgerCommand } from './ledger-command.js';
import type { LedgerOutput } from './ledger-spec.js';
import { addResources, fitsWithin, NO_RESOURCES, resourcesEqual, subtractResources, type Resources } from './resources.js';

/** One placed job in the replicated ledger. */
export interface LedgerJob {
  readonly job: string;
  readonly node: number;
  readonly tenant: string;
  readonly demand: Resources;
  readonly grant: Resources;
  readonly durationTicks: number;
  /** The node the job was moved away from, until that node has confirmed it stopped the job; null when settled. */
  readonly handoffFrom: number | null;
  /**
   * The log index of the entry that last changed the job (its submit, move or
   * handoff). It is the fencing token of the job's current assignment: work
   * on the job stamped with an older token is stale.
   */
  readonly since: number;
}

/** The last request of a client that the ledger applied, and its answer. */
export interface AppliedRequest {
  readonly requestId: number;
  readonly output: LedgerOutput;
}

/**
 * The state of the replicated allocation ledger, as the reference model
 * sees it: immutable, so that the refinement check can keep the state at
 * every log index. `allocated` is the sum of the grants on each node.
 */
export interface LedgerMachineState {
  readonly jobs: ReadonlyMap<string, LedgerJob>;
  readonly allocated: readonly Resources[];
  readonly lastByClient: ReadonlyMap<number, AppliedRequest>;
}

export function emptyLedgerMachine(nodeCount: number): LedgerMachineState {
  return { jobs: new Map(), allocated: Array.from({ length: nodeCount }, () => NO_RESOURCES), lastByClient: new Map() };
}

/** What applying one command did: the new state, and the answer owed to the client (null when none is owed). */
export interface LedgerApplied {
  readonly state: LedgerMachineState;
  readonly output: LedgerOutput | null;
}

/**
 * Applies one command, purely. A client command whose request id is not
 * newer than the client's last applied one is a retry or a late duplicate:
 * it changes nothing, and a retry of the last request gets the same answer
 * (this is where "a retried request is applied once" lives, as in the Raft
 * thesis §6.3). Placements are applied as decided, even one that overdraws a
 * node: the ledger replicates decisions, and `conservation` judges them.
 */
export function applyLedgerCommand(state: LedgerMachineState, command: LedgerCommand, index: number, capacities: readonly Resources[]): LedgerApplied {
  if (command.kind !== 'noop' && command.kind !== 'handoff-done') {
    const last = state.lastByClient.get(command.client);
    if (last !== undefined && command.requestId <= last.requestId) {
      return { state, output: command.requestId === last.requestId ? last.output : null };
    }
  }
  const answered = (next: Omit<LedgerMachineState, 'lastByClient'>, output: LedgerOutput): LedgerApplied => {
    const client = (command as { client: number }).client;
    const requestId = (command as { requestId: number }).requestId;
    const lastByClient = new Map(state.lastByClient);
    lastByClient.set(client, { requestId, output });
    return { state: { ...next, lastByClient }, output };
  };
  switch (command.kind) {
    case 'noop':
      return { state, output: null };
    case 'submit': {
      if (state.jobs.has(command.job) || command.placement === null) return answered(state, { kind: 'rejected' });
      const { node, grant } = command.placement;
      const jobs = new Map(state.jobs);
      jobs.set(command.job, { job: command.job, node, tenant: command.tenant, demand: command.demand, grant, durationTicks: command.durationTicks, handoffFrom: null, since: index });
      return answered({ jobs, allocated: shifted(state.allocated, node, grant, 1) }, { kind: 'placed', node: nodeName(node), grant });
    }
    case 'complete': {
      const job = state.jobs.get(command.job);
      if (job === undefined) return answered(state, { kind: 'unknown-job' });
      const jobs = new Map(state.jobs);
      jobs.delete(command.job);
      return answered({ jobs, allocated: shifted(state.allocated, job.node, job.grant, -1) }, { kind: 'completed' });
    }
    case 'move': {
      const job = state.jobs.get(command.job);
      if (job === undefined || !canMove(state, job, command.to, capacities)) return answered(state, { kind: 'refused' });
      const jobs = new Map(state.jobs);
      jobs.set(job.job, { ...job, node: command.to, handoffFrom: job.node, since: index });
      const allocated = shifted(shifted(state.allocated, job.node, job.grant, -1), command.to, job.grant, 1);
      return answered({ jobs, allocated }, { kind: 'moved' });
    }
    case 'handoff-done': {
      const job = state.jobs.get(command.job);
      if (job === undefined || job.handoffFrom !== command.from) return { state, output: null };
      const jobs = new Map(state.jobs);
      jobs.set(job.job, { ...job, handoffFrom: null, since: index });
      return { state: { ...state, jobs }, output: null };
    }
    case 'query':
      return answered(state, { kind: 'allocations', allocated: allocationsOf(state.allocated) });
  }
}

/** Whether `job` may move to node `to`: it is settled, elsewhere, and its grant fits in what `to` has free. */
export function canMove(state: Pick<LedgerMachineState, 'allocated'>, job: LedgerJob, to: number, capacities: readonly Resources[]): boolean {
  const capacity = capacities[to];
  const allocated = state.allocated[to];
  return job.handoffFrom === null && job.node !== to && capacity !== undefined && allocated !== undefined && fitsWithin(job.grant, subtractResources(capacity, allocated));
}

/** A query's answer: the allocation of every node that holds anything, by node name. */
export function allocationsOf(allocated: readonly Resources[]): Record<string, Resources> {
  const out: Record<string, Resources> = {};
  allocated.forEach((vector, node) => {
    if (!resourcesEqual(vector, NO_RESOURCES)) out[nodeName(node)] = vector;
  });
  return out;
}

function shifted(allocated: readonly Resources[], node: number, amount: Resources, sign: 1 | -1): Resources[] {
  return allocated.map((vector, index) => (index !== node ? vector : sign === 1 ? addResources(vector, amount) : subtractResources(vector, amount)));
}
