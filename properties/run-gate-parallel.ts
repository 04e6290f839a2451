import { Worker } from 'node:worker_threads';
import type { GateRunRecord } from './gate-run.js';
import type { GateSearchSpec } from './gate-search.js';
import { workerSource } from './worker-source.js';

/** The slots of the shared counters the gate's workers coordinate through. */
export const SHARED = {
  /** How many of the shard's runs have been handed out. */
  next: 0,
  /** Runs numbered at or above this are not needed (a run below broke a property, or the run count). */
  limit: 1,
  /** Non-zero once the search must stop: its time is up, or it was interrupted. */
  stop: 2,
} as const;

export interface GateWorkerData {
  readonly spec: GateSearchSpec;
  readonly shared: SharedArrayBuffer;
}

export type GateWorkerMessage = { readonly kind: 'run'; readonly record: GateRunRecord } | { readonly kind: 'done' };

/**
 * The gate's search on `workers` threads. The threads take the shard's runs
 * one at a time from a shared counter, so a slow run holds up no one; a
 * thread whose run breaks a property lowers the shared limit to it, and no
 * thread starts a later run after that, while earlier runs still under way
 * finish. Each run's record comes back to `onRecord`; the tally built from
 * them is the same whatever the number of threads.
 */
export async function searchInWorkers(spec: GateSearchSpec, workers: number, stop: { readonly deadline: number; readonly signal?: AbortSignal | undefined }, onRecord: (record: GateRunRecord) => void): Promise<void> {
  const shared = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
  const flags = new Int32Array(shared);
  Atomics.store(flags, SHARED.limit, Math.min(spec.runs ?? 0x7fffffff, 0x7fffffff));
  const halt = () => Atomics.store(flags, SHARED.stop, 1);
  const timer = setTimeout(halt, Math.max(0, stop.deadline - performance.now()));
  if (stop.signal?.aborted === true) halt();
  stop.signal?.addEventListener('abort', halt, { once: true });
  const bootstrap = workerSource(import.meta.url, './gate-worker');
  const threads: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: workers }, () => {
        const worker = new Worker(bootstrap, { eval: true, workerData: { spec, shared } satisfies GateWorkerData });
        threads.push(worker);
        return new Promise<void>((resolve, reject) => {
          let done = false;
          worker.on('message', (message: GateWorkerMessage) => {
            if (message.kind === 'run') onRecord(message.record);
            else done = true;
          });
          worker.on('error', reject);
          worker.on('exit', (code) => (done ? resolve() : reject(new Error(`a gate worker exited with status ${code} before it finished`))));
        });
      }),
    );
  } catch (error) {
    halt();
    await Promise.all(threads.map((thread) => thread.terminate()));
    throw error;
  } finally {
    clearTimeout(timer);
    stop.signal?.removeEventListener('abort', halt);
  }
}
