/**
 * Runs cluster work (a gate, or the replay of a trace) with a user's
 * scheduler, inside a worker thread. The scheduler is called here, in the
 * same thread as the simulated cluster, so a call costs what a built-in's
 * costs; the parent only watches a clock in shared memory that this worker
 * sets when a call starts and clears when it returns, and terminates the
 * worker when a call runs past its limit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Scheduler } from '../impl/schedulers/define-scheduler.js';
import { runGate, type GateOptions } from '../properties/check-gate.js';
import { replayTrace } from '../properties/replay-trace.js';
import { loadUserScheduler } from '../properties/scheduler/load-user-scheduler.js';
import type { Trace } from '../traces/trace.generated.js';

export type SandboxTask =
  | { readonly kind: 'gate'; readonly options: Omit<GateOptions, 'onProgress' | 'scheduler'> }
  | { readonly kind: 'replay'; readonly trace: Trace; readonly mutants?: readonly string[] | undefined };

export interface SandboxStart {
  readonly moduleUrl: string;
  readonly task: SandboxTask;
  /** One float: when the current scheduler call started (milliseconds since the epoch), 0 between calls. */
  readonly callClock: SharedArrayBuffer;
}

export type SandboxMessage =
  | { readonly kind: 'load-failed'; readonly reason: 'no-scheduler' | 'import-failed'; readonly message: string }
  | { readonly kind: 'progress'; readonly progress: import('../properties/check-gate.js').GateProgress }
  | { readonly kind: 'gate'; readonly result: import('../properties/check-gate.js').GateResult }
  | { readonly kind: 'replay'; readonly result: import('../properties/replay-trace.js').ReplayResult };

/** The scheduler, with every call timed on the shared clock. */
function watched(scheduler: Scheduler, clock: Float64Array): Scheduler {
  const timed = <A, R>(fn: (input: A) => R) => (input: A): R => {
    clock[0] = Date.now();
    try {
      return fn(input);
    } finally {
      clock[0] = 0;
    }
  };
  const rebalance = scheduler.rebalance;
  return { ...scheduler, place: timed(scheduler.place), rebalance: rebalance === undefined ? undefined : timed(rebalance) };
}

async function serve(): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  const start = workerData as SandboxStart;
  const loaded = await loadUserScheduler(start.moduleUrl);
  if (loaded.kind === 'failed') {
    port.postMessage({ kind: 'load-failed', reason: loaded.reason, message: loaded.message } satisfies SandboxMessage);
    return;
  }
  const scheduler = watched(loaded.scheduler, new Float64Array(start.callClock));
  const { task } = start;
  if (task.kind === 'gate') {
    const result = runGate({ ...task.options, scheduler, onProgress: (progress) => port.postMessage({ kind: 'progress', progress } satisfies SandboxMessage) });
    port.postMessage({ kind: 'gate', result } satisfies SandboxMessage);
  } else {
    port.postMessage({ kind: 'replay', result: replayTrace(task.trace, { mutants: task.mutants, scheduler }) } satisfies SandboxMessage);
  }
}

await serve();
