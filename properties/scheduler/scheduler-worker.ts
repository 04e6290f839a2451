import { parentPort, workerData } from 'node:worker_threads';
import { callScheduler } from './in-process-session.js';
import { loadUserScheduler } from './load-user-scheduler.js';
import type { CallInput, SchedulerFunction } from './scheduler-session.js';

/**
 * The sandbox for a user scheduler: a worker thread that loads the module
 * (TypeScript through tsx, JavaScript as Node loads it) and answers one call
 * per message. The parent
 * terminates it when a call outlives its time limit, so a scheduler that
 * never returns cannot hang the harness.
 */
export interface WorkerStart {
  readonly moduleUrl: string;
  readonly stepLimit: number;
}

export type WorkerReply =
  | { readonly kind: 'ready'; readonly name: string; readonly hasRebalance: boolean }
  | { readonly kind: 'load-failed'; readonly reason: 'no-scheduler' | 'import-failed'; readonly message: string }
  | { readonly kind: 'outcome'; readonly id: number; readonly outcome: import('./scheduler-session.js').CallOutcome };

export interface WorkerCall {
  readonly id: number;
  readonly fn: SchedulerFunction;
  readonly input: CallInput;
}

const port = parentPort;
const start = workerData as WorkerStart;

async function serve(): Promise<void> {
  if (port === null) return;
  const loaded = await loadUserScheduler(start.moduleUrl);
  if (loaded.kind === 'failed') {
    port.postMessage({ kind: 'load-failed', reason: loaded.reason, message: loaded.message } satisfies WorkerReply);
    return;
  }
  const { scheduler } = loaded;
  port.on('message', (call: WorkerCall) => {
    const outcome = callScheduler(scheduler, call.fn, call.input, start.stepLimit);
    try {
      port.postMessage({ kind: 'outcome', id: call.id, outcome } satisfies WorkerReply);
    } catch (error) {
      // A returned function or symbol cannot cross the thread boundary; that
      // is malformed output, reported as such rather than as a crash.
      const message = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
      port.postMessage({ kind: 'outcome', id: call.id, outcome: { kind: 'uncopyable', message } } satisfies WorkerReply);
    }
  });
  port.postMessage({ kind: 'ready', name: scheduler.name, hasRebalance: scheduler.rebalance !== undefined } satisfies WorkerReply);
}

await serve();
