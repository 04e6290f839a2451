import { defineScheduler, type ClusterView, type JobMove, type PendingRequest, type PlacementDecision, type Scheduler } from '../../impl/schedulers/define-scheduler.js';
import { firstFitScheduler } from '../../impl/schedulers/first-fit-scheduler.js';
import type { LawExpectation } from './gate-test-outcome.js';

/**
 * Planted law-breakers: each is first-fit with one thing wrong, so that the
 * scheduler check must catch that one law (or malformation) and no other.
 * They are what makes each check in `decision-violations.ts` matter to a
 * gate: a mutant that weakens a check lets its breaker through, or reports it
 * as the wrong property. `on` says which workloads give the breaker its
 * chance: GPU faults need the openb sample's GPUs.
 */
export interface LawBreaker {
  readonly scheduler: Scheduler;
  readonly expected: LawExpectation;
  readonly on: 'generated' | 'drawn' | 'both';
}

const termination: LawExpectation = { kind: 'breaks', property: 'termination' };
const conservation: LawExpectation = { kind: 'breaks', property: 'conservation' };

type Input = { readonly cluster: ClusterView; readonly pending: readonly PendingRequest[] };

/** First-fit's decisions, then `spoil` changes them (it returns what `place` answers). */
function spoilPlacement(name: string, spoil: (decisions: PlacementDecision[], input: Input) => unknown): Scheduler {
  return defineScheduler({ name, description: `first-fit that ${name.replace(/-/g, ' ')} (mutation-test fixture)`, place: (input) => spoil([...firstFitScheduler.place(input)], input) as PlacementDecision[] });
}

/** The first placement, spoiled, with the others as first-fit made them; unchanged when there is none. */
function spoilFirstPlace(name: string, spoil: (decision: Extract<PlacementDecision, { kind: 'place' }>, input: Input) => unknown): Scheduler {
  return spoilPlacement(name, (decisions, input) => {
    const index = decisions.findIndex((decision) => decision.kind === 'place');
    if (index < 0) return decisions;
    return decisions.map((decision, i) => (i === index ? spoil(decision as Extract<PlacementDecision, { kind: 'place' }>, input) : decision));
  });
}

/** First-fit for placement, and `moves` for rebalancing. */
function rebalancing(name: string, moves: (cluster: ClusterView) => unknown): Scheduler {
  return defineScheduler({ name: `rebalance-${name}`, description: `first-fit whose rebalance ${name.replace(/-/g, ' ')} (mutation-test fixture)`, place: firstFitScheduler.place, rebalance: ({ cluster }) => moves(cluster) as JobMove[] });
}

const firstJob = (cluster: ClusterView) => cluster.jobs[0];
const otherNode = (cluster: ClusterView, from: string, alive: boolean) => cluster.nodes.find((node) => node.id !== from && node.alive === alive);

export const LAW_BREAKERS: readonly LawBreaker[] = [
  // Malformed answers: `termination`.
  { scheduler: spoilPlacement('answers-an-object', () => ({ decisions: [] })), expected: termination, on: 'generated' },
  { scheduler: spoilPlacement('answers-null-decisions', (decisions) => decisions.map(() => null)), expected: termination, on: 'generated' },
  { scheduler: spoilFirstPlace('decides-an-unknown-request', (decision) => ({ ...decision, requestId: `${decision.requestId}-x` })), expected: termination, on: 'generated' },
  { scheduler: spoilPlacement('decides-a-request-twice', (decisions) => (decisions.length === 0 ? decisions : [...decisions, decisions[0]])), expected: termination, on: 'generated' },
  { scheduler: spoilFirstPlace('answers-a-kind-of-its-own', (decision) => ({ ...decision, kind: 'maybe' })), expected: termination, on: 'generated' },
  { scheduler: spoilFirstPlace('places-on-an-unknown-node', (decision) => ({ ...decision, nodeId: 'nowhere' })), expected: termination, on: 'generated' },
  { scheduler: spoilFirstPlace('grants-a-number', (decision) => ({ ...decision, grant: 5 })), expected: termination, on: 'generated' },
  { scheduler: spoilFirstPlace('grants-fractions', (decision) => ({ ...decision, grant: { ...decision.grant, memoryMiB: decision.grant.memoryMiB - 0.5 } })), expected: termination, on: 'generated' },
  { scheduler: spoilFirstPlace('names-devices-by-name', (decision) => ({ ...decision, gpuDevices: 'all' })), expected: termination, on: 'generated' },
  { scheduler: spoilFirstPlace('names-fractional-devices', (decision) => ({ ...decision, gpuDevices: [0.5] })), expected: termination, on: 'generated' },
  // Well-formed answers that break a law: `conservation`.
  { scheduler: spoilFirstPlace('grants-above-demand', (decision) => ({ ...decision, grant: { ...decision.grant, cpuMillis: decision.grant.cpuMillis + 1 } })), expected: conservation, on: 'generated' },
  {
    scheduler: spoilFirstPlace('places-on-a-dead-node', (decision, { cluster }) => {
      const dead = otherNode(cluster, decision.nodeId, false);
      return dead === undefined ? decision : { ...decision, nodeId: dead.id };
    }),
    expected: conservation,
    on: 'generated',
  },
  { scheduler: spoilFirstPlace('names-devices-for-no-gpu', (decision, { pending }) => (pending.find((r) => r.id === decision.requestId)?.gpu === undefined ? { ...decision, gpuDevices: [0] } : decision)), expected: conservation, on: 'generated' },
  { scheduler: spoilFirstPlace('names-a-device-twice', (decision) => (decision.gpuDevices !== undefined && decision.gpuDevices.length > 1 ? { ...decision, gpuDevices: decision.gpuDevices.map(() => decision.gpuDevices![0]) } : decision)), expected: conservation, on: 'drawn' },
  { scheduler: spoilFirstPlace('names-a-device-it-lacks', (decision) => (decision.gpuDevices === undefined ? decision : { ...decision, gpuDevices: decision.gpuDevices.map((d) => d + 64) })), expected: conservation, on: 'drawn' },
  // Rebalancing: malformed moves break `termination`, unlawful ones `conservation`.
  { scheduler: rebalancing('answers-an-object', () => ({})), expected: termination, on: 'generated' },
  { scheduler: rebalancing('moves-nothing-named', (cluster) => (cluster.jobs.length === 0 ? [] : [{ kind: 'shove' }])), expected: termination, on: 'generated' },
  { scheduler: rebalancing('moves-an-unknown-job', (cluster) => (cluster.jobs.length === 0 ? [] : [{ kind: 'move', jobId: 'no-such-job', toNodeId: cluster.nodes[0]!.id }])), expected: termination, on: 'generated' },
  {
    scheduler: rebalancing('moves-a-job-twice', (cluster) => {
      const job = firstJob(cluster);
      return job === undefined ? [] : [{ kind: 'move', jobId: job.id, toNodeId: job.nodeId }, { kind: 'move', jobId: job.id, toNodeId: job.nodeId }];
    }),
    expected: termination,
    on: 'generated',
  },
  { scheduler: rebalancing('moves-to-an-unknown-node', (cluster) => { const job = firstJob(cluster); return job === undefined ? [] : [{ kind: 'move', jobId: job.id, toNodeId: 'nowhere' }]; }), expected: termination, on: 'generated' },
  {
    scheduler: rebalancing('moves-to-a-dead-node', (cluster) => {
      const job = firstJob(cluster);
      const dead = job === undefined ? undefined : otherNode(cluster, job.nodeId, false);
      return job === undefined || dead === undefined ? [] : [{ kind: 'move', jobId: job.id, toNodeId: dead.id }];
    }),
    expected: conservation,
    on: 'generated',
  },
  {
    // Every job onto the first live node: it overflows as soon as the others hold more than it has room for.
    scheduler: rebalancing('piles-everything-on-one-node', (cluster) => {
      const target = cluster.nodes.find((node) => node.alive);
      return target === undefined ? [] : cluster.jobs.filter((job) => job.nodeId !== target.id).map((job) => ({ kind: 'move', jobId: job.id, toNodeId: target.id, gpuDevices: job.gpu?.devices }));
    }),
    expected: conservation,
    on: 'both',
  },
];
