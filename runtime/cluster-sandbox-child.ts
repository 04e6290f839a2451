/**
 * Runs cluster work (a gate, or the replay of a trace) with a user's
 * scheduler, inside a sandbox process (see
 * `properties/scheduler/sandbox-process.ts`). The scheduler is called here,
 * in the same thread as the simulated cluster, so a call costs what a
 * built-in's costs; the watchdog sees each call's start in shared memory
 * and tells the parent when one runs past its limit, and a scheduler that
 * tries to reach files, processes, workers or the network breaks
 * `termination` in the run where it tried.
 */
import type { GateOptions, GateProgress, GateResult } from '../properties/check-gate.js';
import { runGate } from '../properties/check-gate.js';
import type { ReplayResult } from '../properties/replay-trace.js';
import { replayTrace } from '../properties/replay-trace.js';
import { startSandboxChild } from '../properties/scheduler/sandbox-child.js';
import type { Trace } from '../traces/trace.generated.js';
import { FaultlineError, type FaultlineErrorCode } from '../model/faultline-error.js';

export type SandboxTask =
  | { readonly kind: 'gate'; readonly options: Omit<GateOptions, 'onProgress' | 'scheduler' | 'interrupt'> }
  | { readonly kind: 'replay'; readonly trace: Trace; readonly mutants?: readonly string[] | undefined };

export type SandboxMessage =
  | { readonly kind: 'load-failed'; readonly reason: 'no-scheduler' | 'import-failed' | 'not-pure'; readonly message: string }
  | { readonly kind: 'progress'; readonly progress: GateProgress }
  | { readonly kind: 'gate'; readonly result: GateResult }
  | { readonly kind: 'replay'; readonly result: ReplayResult }
  /** The work itself failed (a trace naming another scheduler than the module's, say): a FaultlineError's code and message, or a bug's message. */
  | { readonly kind: 'failed'; readonly code: FaultlineErrorCode | null; readonly message: string; readonly details: Readonly<Record<string, string | number>> };

const sandbox = await startSandboxChild<SandboxTask>();
if (sandbox !== null) {
  const { scheduler, watch, send, work: task } = sandbox;
  const rebalance = scheduler.rebalance;
  const watched = { ...scheduler, place: watch(scheduler.place), rebalance: rebalance === undefined ? undefined : watch(rebalance) };
  try {
    if (task.kind === 'gate') {
      const result = await runGate({ ...task.options, scheduler: watched, interrupt: sandbox.interrupt, onProgress: (progress) => send({ kind: 'progress', progress } satisfies SandboxMessage) });
      send({ kind: 'gate', result } satisfies SandboxMessage);
    } else {
      send({ kind: 'replay', result: replayTrace(task.trace, { mutants: task.mutants, scheduler: watched }) } satisfies SandboxMessage);
    }
  } catch (error) {
    const known = error instanceof FaultlineError;
    send({ kind: 'failed', code: known ? error.code : null, message: error instanceof Error ? error.message : String(error), details: known ? error.details : {} } satisfies SandboxMessage);
  }
}
