import { Worker } from 'node:worker_threads';
import { isScheduler, type Scheduler } from '../../impl/schedulers/define-scheduler.js';
import { installPurityGuard, NotPure, type PurityGuard } from './purity-guard.js';

/** Where the bootstrap leaves what the parent sent, for the sandbox program to read. */
export const SANDBOX_START = Symbol.for('faultline.sandbox.start');

/** What the parent sends first: the scheduler's bundle and the work, which depends on the program. */
export interface SandboxStart<W> {
  /** The scheduler module, bundled: one ES module. */
  readonly scheduler: string;
  /** A scheduler call running longer than this (wall clock) is reported to the parent, which stops the process; 0 when the parent times calls itself. */
  readonly callLimitMs: number;
  readonly work: W;
}

/** What a sandbox process tells its parent before anything else, when the scheduler could not be loaded. */
export interface LoadFailed {
  readonly kind: 'load-failed';
  readonly reason: 'no-scheduler' | 'import-failed' | 'not-pure';
  readonly message: string;
}

/** The sandbox process's side of its work: the scheduler, its guard, and the ways to talk to the parent. */
export interface SandboxChild<W> {
  readonly work: W;
  readonly scheduler: Scheduler;
  readonly guard: PurityGuard;
  /** Sends a message to the parent (the scheduler cannot: its process.send is taken away). */
  send(message: unknown): void;
  /** True once the parent asked the work to stop (Ctrl-C): the work ends as soon as it can, with what it has. */
  readonly interrupt: SharedArrayBuffer;
  /** Wraps a scheduler function: its calls are timed for the watchdog, and an impure attempt during one is thrown as `NotPure` once it returns. */
  watch<A, R>(fn: (input: A) => R): (input: A) => R;
}

/**
 * The watchdog: a worker thread, started before the scheduler is loaded,
 * that sees the main thread's call clock in shared memory. A call past its
 * limit is reported on file descriptor 4 (the parent then stops the
 * process: a loop that never yields cannot be stopped from inside), and the
 * parent's "stop" request (Ctrl-C) arrives there and is passed on to the
 * work through the interrupt flag, since the main thread is busy and cannot
 * read it. It also writes a heartbeat there every second.
 */
const WATCHDOG = `
const { workerData } = require('node:worker_threads');
const net = require('node:net');
const clock = new Float64Array(workerData.clock);
const interrupt = new Int32Array(workerData.interrupt);
const channel = new net.Socket({ fd: 4, readable: true, writable: true });
channel.on('data', (data) => { if (String(data).includes('stop')) Atomics.store(interrupt, 0, 1); });
channel.on('error', () => {});
// A heartbeat, from this thread because the main one may be busy for long: it tells the parent the process is alive and listening, so that a process that never got going (or stopped reading) can be told apart from a slow one.
setInterval(() => channel.write('alive\\n'), 1000);
// The worker's own handles stay referenced, or its loop would end at once; the main thread unrefs the worker itself.
if (workerData.limitMs > 0) {
  let told = false;
  setInterval(() => {
    const started = clock[0];
    if (!told && started > 0 && Date.now() - started > workerData.limitMs) { told = true; channel.write('hung\\n'); }
  }, 50);
}
`;

/**
 * Sets up a sandbox process and loads the scheduler: reads what the parent
 * sent, keeps the parent's channel and the process's own exit for faultline,
 * starts the watchdog, installs the purity guard, and only then evaluates
 * the scheduler module. Returns null after telling the parent when the
 * module does not load, exports no scheduler, or tries something impure
 * while loading.
 */
export async function startSandboxChild<W>(): Promise<SandboxChild<W> | null> {
  const start = (globalThis as Record<symbol, unknown>)[SANDBOX_START] as SandboxStart<W>;
  const send = process.send!.bind(process);
  const exit = process.exit.bind(process);
  // The parent gone, there is nobody to answer: end at once.
  process.on('disconnect', () => exit(0));
  // Stray asynchronous errors of a scheduler (a refused file read it did not await) must not end the process; the guard notes refusals.
  process.on('uncaughtException', () => {});
  process.on('unhandledRejection', () => {});
  // Ctrl-C reaches every process of the terminal's group; the parent decides what it means.
  process.on('SIGINT', () => {});
  const clockBuffer = new SharedArrayBuffer(8);
  const clock = new Float64Array(clockBuffer);
  const interrupt = new SharedArrayBuffer(4);
  new Worker(WATCHDOG, { eval: true, workerData: { clock: clockBuffer, interrupt, limitMs: start.callLimitMs } }).unref();
  const guard = installPurityGuard();
  const fail = (reason: LoadFailed['reason'], message: string) => {
    send({ kind: 'load-failed', reason, message } satisfies LoadFailed);
    return null;
  };
  let loaded: unknown;
  try {
    loaded = await import(`data:text/javascript;base64,${Buffer.from(start.scheduler).toString('base64')}`);
  } catch (error) {
    const impure = guard.take();
    if (impure !== undefined) return fail('not-pure', `while loading, the scheduler module tried to ${impure}`);
    return fail('import-failed', error instanceof Error ? `${error.name}: ${error.message.split('\n')[0] ?? ''}` : String(error));
  }
  const impure = guard.take();
  if (impure !== undefined) return fail('not-pure', `while loading, the scheduler module tried to ${impure}`);
  const candidate = (loaded as { default?: unknown }).default;
  // A CommonJS-shaped module may nest the default export once more.
  const scheduler = isScheduler(candidate) ? candidate : (candidate as { default?: unknown } | undefined)?.default;
  if (!isScheduler(scheduler)) return fail('no-scheduler', 'the module has no default export made with defineScheduler (with a name of lower-case letters, digits and dashes)');
  const watch = <A, R>(fn: (input: A) => R) => (input: A): R => {
    clock[0] = Date.now();
    let outcome: { readonly threw: false; readonly value: R } | { readonly threw: true; readonly error: unknown };
    try {
      outcome = { threw: false, value: fn(input) };
    } catch (error) {
      outcome = { threw: true, error };
    } finally {
      clock[0] = 0;
    }
    // An attempt is reported as such, whether the scheduler caught the refusal or let it through.
    const attempt = guard.take();
    if (attempt !== undefined) throw new NotPure(`the scheduler tried to ${attempt}; a scheduler must be pure: no files, processes, workers or network`);
    if (outcome.threw) throw outcome.error;
    return outcome.value;
  };
  return { work: start.work, scheduler, guard, send, interrupt, watch };
}
