import type { LedgerMachine } from '../../impl/single-leader/ledger-machine.js';
import type { SingleLeaderState } from '../../impl/single-leader/single-leader-state.js';
import { nodeName } from '../../model/ledger-command.js';
import { applyLedgerCommand, emptyLedgerMachine, type AppliedRequest, type LedgerJob, type LedgerMachineState } from '../../model/ledger-machine.js';
import { RESOURCE_DIMENSIONS, addResources, fitsWithin, formatResources, isWholeResources, NO_RESOURCES, resourcesEqual, type Resources } from '../../model/resources.js';
import type { ObserverFactory, RunContext } from '../observer.js';
import { CommittedLog, requestKey } from './committed-log.js';
import { ledgerCapacities } from './ledger-history.js';
import type { SingleLeaderView } from './single-leader-view.js';

/**
 * The replicated ledger against the reference model:
 *
 * - `refinement`: the pure model (`model/ledger-machine.ts`) is run in
 *   lockstep over the committed log, and every node's applied ledger must equal
 *   the model's state at the index it has applied.
 * - `conservation`, on the committed ledger: no node holds more than its
 *   capacity in any dimension, nothing is negative or fractional, no grant
 *   exceeds its demand; and on the nodes themselves: the jobs a node runs never
 *   add up to more than its capacity, and every job it runs is backed by an
 *   allocation to it in its own applied ledger (or by a committed assignment
 *   newer than what it has applied): a job running without one uses resources
 *   created from nothing.
 * - `no-lost-ack`: a client that is told the result of a command that goes
 *   through the log is told it only once the command is committed, so that no
 *   crash or failover can take it back.
 */
export const ledgerObserver: ObserverFactory<SingleLeaderView> = {
  properties: ['refinement', 'conservation', 'no-lost-ack'],
  counters: [],
  events: ['reply', 'fault'],
  create(context: RunContext<SingleLeaderView>) {
    const { world, config } = context;
    const capacities = ledgerCapacities(config);
    const committed = new CommittedLog();
    const models: LedgerMachineState[] = [emptyLedgerMachine(capacities.length)];
    const seen: (SingleLeaderState | undefined)[] = new Array(world.config.nodeCount).fill(undefined);
    const seenApplied: number[] = new Array<number>(world.config.nodeCount).fill(-1);
    const agreed: AgreedRecords = new WeakMap();

    const extendModel = () => {
      while (models.length <= committed.entries.length) {
        const index = models.length;
        const model = applyLedgerCommand(models[index - 1]!, committed.entries[index - 1]!.command, index, capacities).state;
        models.push(model);
        const problem = overdrawn(model, capacities);
        if (problem !== null) context.fail('conservation', `after committed index ${index}: ${problem}`);
      }
    };

    return {
      onEvent(event) {
        if (event.kind === 'fault') {
          // A node that crashes in the middle of a step (right after it committed and answered, say) is read before its state is gone.
          const { fault } = event;
          const state = fault.kind === 'crash' || fault.kind === 'leave' ? world.state(fault.node) : undefined;
          if (state !== undefined && committed.learnFrom(state) > 0) extendModel();
          return;
        }
        if (event.kind !== 'reply' || event.reply.kind !== 'result' || event.reply.output.kind === 'allocations') return;
        // A query answered under the lease never enters the log; every other answer must come from a committed command.
        if (!committed.byRequest.has(requestKey(event.client, event.requestId))) {
          context.fail('no-lost-ack', `client ${event.client} was told ${event.reply.output.kind} for request ${event.requestId} by node ${event.from} before the command was committed`);
        }
      },
      afterStep(info) {
        const node = info.node;
        if (node < 0) return;
        const state = world.state(node);
        if (state === undefined) return;
        if (committed.learnFrom(state) > 0) extendModel();
        if (state.running.size > 0) {
          const usage = runningUsage(state);
          if (!fitsWithin(usage, capacities[node]!)) {
            context.fail('conservation', `node ${node} runs jobs using ${formatResources(usage)}, above its capacity ${formatResources(capacities[node]!)}`);
          }
          const unbacked = unbackedJob(state);
          if (unbacked !== undefined) {
            context.fail('conservation', `node ${node} runs job ${unbacked}, which its own ledger, applied to index ${state.machine.appliedIndex}, does not allocate to it`);
          }
        }
        const applied = state.machine.appliedIndex;
        if (seen[node] === state && seenApplied[node] === applied) return;
        seen[node] = state;
        seenApplied[node] = applied;
        const model = models[applied];
        // A node may apply an index before the observers learn it is committed only by breaking state-machine safety, which that property reports.
        if (model === undefined) return;
        const difference = machineDifference(state.machine, model, agreed);
        if (difference !== null) context.fail('refinement', `node ${node}'s ledger at index ${applied} differs from the model: ${difference}`);
      },
    };
  },
};

function runningUsage(state: SingleLeaderState): Resources {
  let used = NO_RESOURCES;
  for (const running of state.running.values()) used = addResources(used, running.grant);
  return used;
}

/** A job the node runs under an assignment its applied ledger has already caught up with, yet does not allocate to it. */
function unbackedJob(state: SingleLeaderState): string | undefined {
  for (const running of state.running.values()) {
    if (running.token > state.machine.appliedIndex) continue;
    if (state.machine.jobs.get(running.job)?.node !== state.id) return running.job;
  }
  return undefined;
}

/** What breaks the allocation laws in a committed ledger state, or null. */
function overdrawn(model: LedgerMachineState, capacities: readonly Resources[]): string | null {
  for (const job of model.jobs.values()) {
    if (!isWholeResources(job.grant)) return `job ${job.job} holds ${formatResources(job.grant)}, not whole non-negative units`;
    if (!fitsWithin(job.grant, job.demand)) return `job ${job.job} was granted ${formatResources(job.grant)}, above its demand ${formatResources(job.demand)}`;
  }
  for (const [node, allocated] of model.allocated.entries()) {
    for (const d of RESOURCE_DIMENSIONS) {
      if (allocated[d] < 0) return `${nodeName(node)} has ${d}=${allocated[d]} allocated`;
      if (allocated[d] > capacities[node]![d]) return `${nodeName(node)} has ${formatResources(allocated)} allocated, above its capacity ${formatResources(capacities[node]!)}`;
    }
  }
  return null;
}

function sameJob(a: LedgerJob, b: LedgerJob): boolean {
  return (
    a.job === b.job &&
    a.node === b.node &&
    a.tenant === b.tenant &&
    a.durationTicks === b.durationTicks &&
    a.handoffFrom === b.handoffFrom &&
    a.since === b.since &&
    resourcesEqual(a.demand, b.demand) &&
    resourcesEqual(a.grant, b.grant)
  );
}

/**
 * A node's ledger records (a client's last request) found equal to the
 * model's, each with the model's record it equals. Both sides replace a
 * record rather than change it, so a pair once equal stays equal and need
 * not be compared again when the node applies the next index.
 */
type AgreedRecords = WeakMap<AppliedRequest, AppliedRequest>;

/** The first way a node's ledger differs from the model's state, or null when they are equal. */
function machineDifference(machine: LedgerMachine, model: LedgerMachineState, agreed: AgreedRecords): string | null {
  if (machine.jobs.size !== model.jobs.size) return `${machine.jobs.size} jobs placed, the model has ${model.jobs.size}`;
  for (const [id, job] of machine.jobs) {
    const expected = model.jobs.get(id);
    if (expected === undefined) return `job ${id} is placed, the model has no such job`;
    if (!sameJob(job, expected)) return `job ${id} is ${JSON.stringify(job)}, the model has ${JSON.stringify(expected)}`;
  }
  for (const [node, allocated] of machine.allocated.entries()) {
    const expected = model.allocated[node] ?? NO_RESOURCES;
    if (!resourcesEqual(allocated, expected)) return `${nodeName(node)} has ${formatResources(allocated)} allocated, the model ${formatResources(expected)}`;
  }
  if (machine.lastByClient.size !== model.lastByClient.size) return `requests of ${machine.lastByClient.size} clients applied, the model has ${model.lastByClient.size}`;
  for (const [client, applied] of machine.lastByClient) {
    const expected = model.lastByClient.get(client);
    if (expected !== undefined && agreed.get(applied) === expected) continue;
    if (expected === undefined || expected.requestId !== applied.requestId || JSON.stringify(expected.output) !== JSON.stringify(applied.output)) {
      return `client ${client}'s last request is ${applied.requestId} answered ${JSON.stringify(applied.output)}, the model has ${expected === undefined ? 'none' : `${expected.requestId} answered ${JSON.stringify(expected.output)}`}`;
    }
    agreed.set(applied, expected);
  }
  return null;
}
