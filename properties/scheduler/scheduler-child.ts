/**
 * The sandbox program for a scheduler-level check: a process (see
 * `sandbox-process.ts`) that loads the user's scheduler under the purity
 * guard and answers one call per message. The parent times each call and
 * stops the process when one outlives its limit, so a scheduler that never
 * returns cannot hang the harness.
 */
import { callScheduler } from './in-process-session.js';
import { startSandboxChild } from './sandbox-child.js';
import type { CallInput, CallOutcome, SchedulerFunction } from './scheduler-session.js';

export interface SessionWork {
  readonly stepLimit: number;
}

export type SessionReply =
  | { readonly kind: 'ready'; readonly name: string; readonly hasRebalance: boolean }
  | { readonly kind: 'load-failed'; readonly reason: 'no-scheduler' | 'import-failed' | 'not-pure'; readonly message: string }
  | { readonly kind: 'outcome'; readonly id: number; readonly outcome: CallOutcome };

export interface SessionCall {
  readonly id: number;
  readonly fn: SchedulerFunction;
  readonly input: CallInput;
}

const sandbox = await startSandboxChild<SessionWork>();
if (sandbox !== null) {
  const { scheduler, watch, send } = sandbox;
  const rebalance = scheduler.rebalance;
  const guarded = { ...scheduler, place: watch(scheduler.place), rebalance: rebalance === undefined ? undefined : watch(rebalance) };
  process.on('message', (call: SessionCall) => {
    const outcome = callScheduler(guarded, call.fn, call.input, sandbox.work.stepLimit);
    try {
      send({ kind: 'outcome', id: call.id, outcome } satisfies SessionReply);
    } catch (error) {
      // A returned function or symbol cannot cross to the parent; that is malformed output, reported as such rather than as a crash.
      const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      send({ kind: 'outcome', id: call.id, outcome: { kind: 'uncopyable', message } } satisfies SessionReply);
    }
  });
  send({ kind: 'ready', name: scheduler.name, hasRebalance: rebalance !== undefined } satisfies SessionReply);
}
