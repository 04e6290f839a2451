import { fileURLToPath } from 'node:url';
import { FaultlineError } from '../../model/faultline-error.js';
import type { SchedulerBundle } from './scheduler-bundle.js';
import type { SessionCall, SessionReply, SessionWork } from './scheduler-child.js';
import type { CallInput, CallOutcome, SchedulerFunction, SchedulerSession } from './scheduler-session.js';
import { sandboxProgram, spawnSandboxProcess, type SandboxProcess } from './sandbox-process.js';

export interface SandboxSessionOptions {
  readonly bundle: SchedulerBundle;
  readonly stepLimit: number;
  /** Wall-clock limit of one call; past it the process is stopped. */
  readonly callTimeoutMs: number;
  /** Wall-clock limit for starting the process and loading the module. */
  readonly loadTimeoutMs: number;
}

const PROGRAM = new URL(`./scheduler-child${fileURLToPath(import.meta.url).endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** Why a sandbox process ended on its own: out of memory, or otherwise. */
export function endedBecause(ended: { readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly stderr: string }): string {
  if (/heap out of memory|Allocation failed/.test(ended.stderr)) return 'it ran out of memory';
  return ended.signal === null ? `its process ended with status ${ended.code}` : `its process was ended by ${ended.signal}`;
}

interface Running {
  readonly sandbox: SandboxProcess;
  readonly name: string;
  readonly hasRebalance: boolean;
}

/** The error for a scheduler module that did not load, as the sandbox reported it. */
export function loadFailure(reply: { readonly reason: 'no-scheduler' | 'import-failed' | 'not-pure'; readonly message: string }, file: string): FaultlineError {
  switch (reply.reason) {
    case 'no-scheduler':
      return new FaultlineError('unknown-scheduler', reply.message, { file });
    case 'not-pure':
      return new FaultlineError('not-pure', reply.message, { file });
    case 'import-failed':
      return new FaultlineError('parse', `the scheduler module failed to load: ${reply.message}`, { file });
  }
}

async function spawn(options: SandboxSessionOptions): Promise<Running> {
  const sandbox = spawnSandboxProcess<SessionWork>({
    program: await sandboxProgram(PROGRAM),
    start: { scheduler: options.bundle.code, callLimitMs: 0, work: { stepLimit: options.stepLimit } },
    heapMb: 512,
  });
  return new Promise((resolve, reject) => {
    const fail = (error: FaultlineError) => {
      clearTimeout(timer);
      sandbox.kill();
      reject(error);
    };
    const timer = setTimeout(() => fail(new FaultlineError('parse', 'the scheduler module did not load in time', { file: options.bundle.path, ms: options.loadTimeoutMs })), options.loadTimeoutMs);
    // A module that ends its process while it loads is reported at once, not after the load timeout.
    void sandbox.ended.then((ended) => fail(new FaultlineError('parse', `the scheduler module did not load: ${endedBecause(ended)}`, { file: options.bundle.path })));
    sandbox.child.once('message', (reply: SessionReply) => {
      if (reply.kind === 'ready') {
        clearTimeout(timer);
        resolve({ sandbox, name: reply.name, hasRebalance: reply.hasRebalance });
      } else if (reply.kind === 'load-failed') {
        fail(loadFailure(reply, options.bundle.path));
      } else {
        fail(new FaultlineError('parse', 'the scheduler sandbox answered before it was ready', { file: options.bundle.path }));
      }
    });
  });
}

/**
 * Opens a session on a user scheduler module in a sandbox process. Each call
 * carries a time limit; a call that outlives it stops the process, is
 * reported as `timed-out`, and the next call starts a fresh process. Once
 * the session is closed no process is started again: a run that fast-check
 * abandoned at its time limit may still be calling, and a process started
 * for it would keep faultline from exiting.
 */
export async function openSandboxSession(options: SandboxSessionOptions): Promise<SchedulerSession> {
  const first = await spawn(options);
  const { name, hasRebalance } = first;
  // A promise, so that calls made at once while no process runs share the one they start.
  let running: Promise<Running> | undefined = Promise.resolve(first);
  const respawn = (): Promise<Running> => {
    const starting = spawn(options);
    starting.catch(() => {
      if (running === starting) running = undefined;
    });
    return starting;
  };
  let nextId = 0;
  let closed = false;
  const closedOutcome: CallOutcome = { kind: 'threw', message: 'the scheduler session was closed' };

  const call = async (fn: SchedulerFunction, input: CallInput): Promise<CallOutcome> => {
    if (closed) return closedOutcome;
    running ??= respawn();
    const starting = running;
    const current = await starting;
    if (closed) {
      current.sandbox.kill();
      return closedOutcome;
    }
    const id = nextId++;
    return new Promise<CallOutcome>((resolve) => {
      let done = false;
      const finish = (outcome: CallOutcome) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        current.sandbox.child.off('message', onMessage);
        resolve(outcome);
      };
      const onMessage = (reply: SessionReply) => {
        if (reply.kind === 'outcome' && reply.id === id) finish(reply.outcome);
      };
      const timer = setTimeout(() => {
        if (running === starting) running = undefined;
        current.sandbox.kill();
        finish({ kind: 'timed-out', limitMs: options.callTimeoutMs });
      }, options.callTimeoutMs);
      void current.sandbox.ended.then((ended) => {
        if (running === starting) running = undefined;
        finish({ kind: 'threw', message: `the scheduler stopped answering: ${endedBecause(ended)}` });
      });
      current.sandbox.child.on('message', onMessage);
      current.sandbox.child.send({ id, fn, input } satisfies SessionCall);
    });
  };

  return {
    name,
    hasRebalance,
    call,
    close: async () => {
      closed = true;
      void running?.then((current) => current.sandbox.kill(), () => {});
      running = undefined;
    },
  };
}
