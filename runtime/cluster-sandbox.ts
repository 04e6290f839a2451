import { Worker } from 'node:worker_threads';
import type { GateProgress, GateResult } from '../properties/check-gate.js';
import type { ReplayResult } from '../properties/replay-trace.js';
import { workerSource } from '../properties/worker-source.js';
import { FaultlineError } from '../model/faultline-error.js';
import type { SandboxMessage, SandboxStart, SandboxTask } from './cluster-sandbox-worker.js';

export interface SandboxOptions {
  /** file: URL of the user's scheduler module. */
  readonly moduleUrl: string;
  /** A scheduler call running longer than this (wall clock) ends the work: the worker is terminated. */
  readonly callTimeoutMs: number;
  readonly onProgress?: ((progress: GateProgress) => void) | undefined;
}

/** How sandboxed work ended: its result, or a scheduler call that never returned. */
export type SandboxOutcome<R> = { readonly kind: 'done'; readonly result: R } | { readonly kind: 'hung'; readonly limitMs: number };

/** How often the parent looks at the call clock: a call is stopped at most this long after its limit. */
const WATCH_INTERVAL_MS = 50;

function runInSandbox<R>(task: SandboxTask, options: SandboxOptions, expect: 'gate' | 'replay'): Promise<SandboxOutcome<R>> {
  const callClock = new SharedArrayBuffer(8);
  const clock = new Float64Array(callClock);
  const start: SandboxStart = { moduleUrl: options.moduleUrl, task, callClock };
  const worker = new Worker(workerSource(import.meta.url, './cluster-sandbox-worker', "require('node:worker_threads').parentPort.postMessage({ kind: 'load-failed', reason: 'import-failed', message: String(error && error.message || error).split('\\n')[0] });"), {
    eval: true,
    workerData: start,
    stdout: true,
    stderr: true,
    resourceLimits: { maxOldGenerationSizeMb: 2048 },
  });
  // A scheduler's console output must not interleave with the report (or break --json).
  worker.stdout.resume();
  worker.stderr.resume();
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearInterval(watch);
      void worker.terminate();
      action();
    };
    const watch = setInterval(() => {
      const startedAt = clock[0]!;
      if (startedAt > 0 && Date.now() - startedAt > options.callTimeoutMs) finish(() => resolve({ kind: 'hung', limitMs: options.callTimeoutMs }));
    }, WATCH_INTERVAL_MS);
    worker.on('message', (message: SandboxMessage) => {
      if (message.kind === 'progress') options.onProgress?.(message.progress);
      else if (message.kind === 'load-failed') {
        const error = message.reason === 'no-scheduler' ? new FaultlineError('unknown-scheduler', message.message) : new FaultlineError('parse', `the scheduler module failed to load: ${message.message}`);
        finish(() => reject(error));
      } else if (message.kind === expect) finish(() => resolve({ kind: 'done', result: message.result as R }));
    });
    worker.on('error', (error) => finish(() => reject(new FaultlineError('parse', `the scheduler's worker failed: ${error.message.split('\n')[0] ?? ''}`))));
    worker.on('exit', (code) => finish(() => reject(new FaultlineError('parse', `the scheduler ended its worker (exit code ${code}) before the work was done`))));
  });
}

/** Runs the correctness gate on a user's scheduler inside a worker; see `cluster-sandbox-worker.ts`. */
export function runGateInSandbox(options: Extract<SandboxTask, { kind: 'gate' }>['options'], sandbox: SandboxOptions): Promise<SandboxOutcome<GateResult>> {
  return runInSandbox<GateResult>({ kind: 'gate', options }, sandbox, 'gate');
}

/** Replays a trace made with a user's scheduler, inside a worker. */
export function replayInSandbox(task: Omit<Extract<SandboxTask, { kind: 'replay' }>, 'kind'>, sandbox: SandboxOptions): Promise<SandboxOutcome<ReplayResult>> {
  return runInSandbox<ReplayResult>({ kind: 'replay', ...task }, sandbox, 'replay');
}
