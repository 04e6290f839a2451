import type { PendingRequest } from '../../impl/schedulers/define-scheduler.js';
import { assertNever } from '../../model/assert-never.js';
import type { DemandProfile } from '../../model/gpu-fragmentation.js';
import { runQualityFigures, type QualityFigures, type QualitySnapshot } from '../../model/quality-figures.js';
import { checkMoves, checkPlacement } from './decision-violations.js';
import { HarnessCluster, type HarnessListener } from './harness-cluster.js';
import type { CallInput, CallOutcome, SchedulerFunction, SchedulerSession } from './scheduler-session.js';
import type { SchedulerViolation } from './scheduler-violation.js';
import type { SchedulerWorkload, WorkloadEvent } from './scheduler-workload.js';

export type WorkloadOutcome =
  | { readonly kind: 'held'; readonly quality: QualityFigures }
  | {
      readonly kind: 'violated';
      readonly violation: SchedulerViolation;
      readonly eventIndex: number;
      /** True when a call outlived its wall-clock limit: shrinking such a run costs a full limit per attempt. */
      readonly timedOut: boolean;
    };

/** What a caller may add to a run: the expected demand schedulers plan with, and listeners for its own figures. */
export interface RunWorkloadOptions {
  /** Passed to every `place` call as `expectedDemand`. */
  readonly expectedDemand?: DemandProfile | undefined;
  readonly listener?: HarnessListener;
  /** Told the wall time of the first of each pair of `place` calls, and how many requests it decided. */
  readonly onPlaceCall?: (ms: number, decided: number) => void;
  /** Told after each event has been applied and decided. */
  readonly onEventDone?: (eventIndex: number, cluster: HarnessCluster) => void;
  /** Skips the per-event quality snapshots (utilization, loads, tenant shares), which cost a pass over all nodes. */
  readonly withoutQualityFigures?: boolean;
}

/** Why a call did not return usable output, in one sentence naming the call. */
function describeFailedCall(fn: SchedulerFunction, outcome: Exclude<CallOutcome, { kind: 'returned' }>): string {
  switch (outcome.kind) {
    case 'threw':
      return `${fn} threw ${outcome.message}`;
    case 'budget-exhausted':
      return `${fn} did not return within its step budget of ${outcome.steps} steps`;
    case 'timed-out':
      return `${fn} did not return within ${outcome.limitMs} ms (its sandbox was stopped)`;
    case 'uncopyable':
      return `${fn} returned a value that is not plain data: ${outcome.message}`;
    default:
      return assertNever(outcome, 'call outcome');
  }
}

type CallAnswer = { kind: 'ok'; value: unknown; firstMs: number } | { kind: 'violation'; violation: SchedulerViolation; timedOut?: boolean };

/** Calls the scheduler twice on the same input; a different second answer breaks `termination`. */
async function callTwice(session: SchedulerSession, fn: SchedulerFunction, input: CallInput): Promise<CallAnswer> {
  const started = performance.now();
  const first = await session.call(fn, input);
  const firstMs = performance.now() - started;
  if (first.kind !== 'returned') {
    return { kind: 'violation', violation: { property: 'termination', message: describeFailedCall(fn, first) }, timedOut: first.kind === 'timed-out' };
  }
  const second = await session.call(fn, input);
  if (second.kind !== 'returned') {
    return {
      kind: 'violation',
      violation: { property: 'termination', message: `${describeFailedCall(fn, second)} on the second, identical call` },
      timedOut: second.kind === 'timed-out',
    };
  }
  const [firstJson, secondJson] = [asJson(first.value), asJson(second.value)];
  if (firstJson.kind === 'not-json') return { kind: 'violation', violation: { property: 'termination', message: describeFailedCall(fn, { kind: 'uncopyable', message: firstJson.message }) } };
  if (secondJson.kind === 'not-json') {
    return { kind: 'violation', violation: { property: 'termination', message: `${describeFailedCall(fn, { kind: 'uncopyable', message: secondJson.message })} on the second, identical call` } };
  }
  if (firstJson.text !== secondJson.text) {
    return { kind: 'violation', violation: { property: 'termination', message: `${fn} is not deterministic: two calls on the same input returned different answers` } };
  }
  return { kind: 'ok', value: first.value, firstMs };
}

/** An answer as JSON, to compare two of them; a BigInt or a cycle has none, and is not plain data. */
function asJson(value: unknown): { readonly kind: 'json'; readonly text: string | undefined } | { readonly kind: 'not-json'; readonly message: string } {
  try {
    return { kind: 'json', text: JSON.stringify(value) };
  } catch (error) {
    return { kind: 'not-json', message: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error) };
  }
}

/**
 * Runs one workload against a scheduler: applies each event to the
 * harness's cluster, then asks the scheduler to place pending requests and,
 * if it rebalances, to move jobs; every answer is checked before it is
 * applied, and the first broken property ends the run.
 */
export async function runWorkload(workload: SchedulerWorkload, session: SchedulerSession, options: RunWorkloadOptions = {}): Promise<WorkloadOutcome> {
  const cluster = new HarnessCluster(workload.nodes, options.listener);
  const snapshots: QualitySnapshot[] = [];
  const violated = (answer: { violation: SchedulerViolation; timedOut?: boolean }, eventIndex: number): WorkloadOutcome => ({
    kind: 'violated',
    violation: answer.violation,
    eventIndex,
    timedOut: answer.timedOut ?? false,
  });
  for (const [eventIndex, event] of workload.events.entries()) {
    applyEvent(cluster, event);
    if (cluster.pending.length > 0) {
      const view = cluster.view();
      const pending = Object.freeze([...cluster.pending]);
      const input: CallInput = options.expectedDemand === undefined ? { cluster: view, pending } : { cluster: view, pending, expectedDemand: options.expectedDemand };
      const answer = await callTwice(session, 'place', input);
      if (answer.kind === 'violation') return violated(answer, eventIndex);
      const checked = checkPlacement(view, pending, answer.value, (id) => cluster.nodeView(id));
      if (checked.kind === 'violation') return violated(checked, eventIndex);
      options.onPlaceCall?.(answer.firstMs, checked.value.length);
      const decided = new Set<string>();
      const byId = new Map<string, PendingRequest>(pending.map((r) => [r.id, r]));
      for (const decision of checked.value) {
        decided.add(decision.requestId);
        const request = byId.get(decision.requestId);
        if (request === undefined) continue;
        if (decision.kind === 'place') cluster.grant(request, decision.nodeId, decision.grant, decision.gpuDevices ?? []);
        else cluster.settle(request, false);
      }
      cluster.pending = cluster.pending.filter((r) => !decided.has(r.id));
    }
    if (session.hasRebalance && cluster.jobCount() > 0) {
      const view = cluster.view();
      const answer = await callTwice(session, 'rebalance', { cluster: view, pending: cluster.pending });
      if (answer.kind === 'violation') return violated(answer, eventIndex);
      const checked = checkMoves(view, answer.value, (id) => cluster.nodeView(id));
      if (checked.kind === 'violation') return violated(checked, eventIndex);
      for (const move of checked.value) cluster.moveJob(move.jobId, move.toNodeId, move.gpuDevices ?? []);
    }
    if (options.withoutQualityFigures !== true) snapshots.push(cluster.snapshot());
    options.onEventDone?.(eventIndex, cluster);
  }
  for (const request of cluster.pending) cluster.settle(request, false);
  const neverGranted = cluster.submitted - cluster.everGranted.size;
  return {
    kind: 'held',
    quality: runQualityFigures({
      snapshots,
      requestsSubmitted: cluster.submitted,
      requestsNeverGranted: neverGranted,
      tenantSatisfaction: cluster.tenantSatisfaction(),
    }),
  };
}

function applyEvent(cluster: HarnessCluster, event: WorkloadEvent): void {
  switch (event.kind) {
    case 'submit':
      for (const request of event.requests) cluster.submit(request);
      return;
    case 'complete': {
      const done = cluster.pickJob(event.pick);
      if (done !== undefined) cluster.removeJob(done.id);
      return;
    }
    case 'depart': {
      if (cluster.removeJob(event.requestId)) return;
      const waiting = cluster.pending.find((r) => r.id === event.requestId);
      if (waiting === undefined) return;
      cluster.pending = cluster.pending.filter((r) => r !== waiting);
      cluster.settle(waiting, false);
      return;
    }
    case 'fail-node': {
      const live = cluster.nodes.filter((n) => n.alive);
      const node = live[event.pick % Math.max(1, live.length)];
      if (node !== undefined) cluster.failNode(node);
      return;
    }
    case 'join-node':
      cluster.join(event.capacity);
      return;
    default:
      assertNever(event, 'workload event');
  }
}
