import { fileURLToPath } from 'node:url';
import type { GateProgress, GateResult } from '../properties/check-gate.js';
import type { ReplayResult } from '../properties/replay-trace.js';
import type { SchedulerBundle } from '../properties/scheduler/scheduler-bundle.js';
import { endedBecause, loadFailure } from '../properties/scheduler/sandbox-session.js';
import { SANDBOX_SILENCE_LIMIT_MS, sandboxProgram, spawnSandboxProcess } from '../properties/scheduler/sandbox-process.js';
import { FaultlineError } from '../model/faultline-error.js';
import type { SandboxMessage, SandboxTask } from './cluster-sandbox-child.js';

export interface SandboxOptions {
  /** The user's scheduler module, bundled. */
  readonly bundle: SchedulerBundle;
  /** A scheduler call running longer than this (wall clock) ends the work: the process is stopped. */
  readonly callTimeoutMs: number;
  readonly onProgress?: ((progress: GateProgress) => void) | undefined;
  /** Set once to ask the work to stop as soon as it can and report what it has (Ctrl-C). */
  readonly interrupt?: AbortSignal | undefined;
}

/**
 * How sandboxed work ended: its result, a scheduler call that never
 * returned, or a sandbox process that fell silent (no message and no
 * heartbeat for `silentMs`), which says nothing about the scheduler.
 */
export type SandboxOutcome<R> =
  | { readonly kind: 'done'; readonly result: R }
  | { readonly kind: 'hung'; readonly limitMs: number }
  | { readonly kind: 'silent'; readonly silentMs: number };

const PROGRAM = new URL(`./cluster-sandbox-child${fileURLToPath(import.meta.url).endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/**
 * Runs the work in a sandbox process. A process that falls silent before it
 * said anything never got going (it is not the scheduler's doing: the
 * scheduler has not been called yet), so the work is started once more in a
 * new one; silence after that is reported as such.
 */
async function runInSandbox<R>(task: SandboxTask, options: SandboxOptions, expect: 'gate' | 'replay'): Promise<SandboxOutcome<R>> {
  const first = await runInSandboxOnce<R>(task, options, expect);
  return first.kind === 'silent' && !first.heardBefore ? runInSandboxOnce<R>(task, options, expect) : first;
}

async function runInSandboxOnce<R>(task: SandboxTask, options: SandboxOptions, expect: 'gate' | 'replay'): Promise<SandboxOutcome<R> & { readonly heardBefore?: boolean }> {
  const sandbox = spawnSandboxProcess<SandboxTask>({ program: await sandboxProgram(PROGRAM), start: { scheduler: options.bundle.code, callLimitMs: options.callTimeoutMs, work: task }, heapMb: 2048 });
  const onInterrupt = () => sandbox.interrupt();
  options.interrupt?.addEventListener('abort', onInterrupt, { once: true });
  if (options.interrupt?.aborted === true) onInterrupt();
  try {
    return await new Promise<SandboxOutcome<R> & { readonly heardBefore?: boolean }>((resolve, reject) => {
      void sandbox.hung.then(() => resolve({ kind: 'hung', limitMs: options.callTimeoutMs }));
      void sandbox.silent.then(({ heardBefore }) => resolve({ kind: 'silent', silentMs: SANDBOX_SILENCE_LIMIT_MS, heardBefore }));
      void sandbox.ended.then((ended) => reject(new FaultlineError('parse', `the scheduler's sandbox ended before the work was done: ${endedBecause(ended)}`, { file: options.bundle.path })));
      sandbox.child.on('message', (message: SandboxMessage) => {
        if (message.kind === 'progress') options.onProgress?.(message.progress);
        else if (message.kind === 'load-failed') reject(loadFailure(message, options.bundle.path));
        else if (message.kind === 'failed') {
          reject(message.code === null ? new Error(message.message) : new FaultlineError(message.code, message.message, { ...message.details }));
        }
        else if (message.kind === expect) resolve({ kind: 'done', result: message.result as R });
      });
    });
  } finally {
    options.interrupt?.removeEventListener('abort', onInterrupt);
    sandbox.kill();
  }
}

/** Runs the correctness gate on a user's scheduler inside a sandbox process; see `cluster-sandbox-child.ts`. */
export function runGateInSandbox(options: Extract<SandboxTask, { kind: 'gate' }>['options'], sandbox: SandboxOptions): Promise<SandboxOutcome<GateResult>> {
  return runInSandbox<GateResult>({ kind: 'gate', options }, sandbox, 'gate');
}

/** Replays a trace made with a user's scheduler, inside a sandbox process. */
export function replayInSandbox(task: Omit<Extract<SandboxTask, { kind: 'replay' }>, 'kind'>, sandbox: SandboxOptions): Promise<SandboxOutcome<ReplayResult>> {
  return runInSandbox<ReplayResult>({ kind: 'replay', ...task }, sandbox, 'replay');
}
