import { Worker } from 'node:worker_threads';
import { FaultlineError } from '../../model/faultline-error.js';
import type { CallInput, CallOutcome, SchedulerFunction, SchedulerSession } from './scheduler-session.js';
import type { WorkerCall, WorkerReply, WorkerStart } from './scheduler-worker.js';
import { workerSource } from '../worker-source.js';

export interface WorkerSessionOptions {
  /** file: URL of the user's scheduler module. */
  readonly moduleUrl: string;
  readonly stepLimit: number;
  /** Wall-clock limit of one call; past it the worker is terminated. */
  readonly callTimeoutMs: number;
  /** Wall-clock limit for loading the module (tsx compiles a TypeScript one first). */
  readonly loadTimeoutMs: number;
}

/**
 * The worker's bootstrap imports the sandbox module; if even that fails, it
 * reports the failure as a load failure rather than dying without a word.
 */
function bootstrapSource(): string {
  return workerSource(
    import.meta.url,
    './scheduler-worker',
    `require('node:worker_threads').parentPort.postMessage({ kind: 'load-failed', reason: 'import-failed', message: String(error && error.message || error).split('\\n')[0] });`,
  );
}

interface Running {
  readonly worker: Worker;
  readonly name: string;
  readonly hasRebalance: boolean;
}

function spawn(options: WorkerSessionOptions): Promise<Running> {
  const start: WorkerStart = { moduleUrl: options.moduleUrl, stepLimit: options.stepLimit };
  // The heap limit turns a scheduler that allocates without end into a
  // worker error (reported as termination) instead of a harness crash.
  const worker = new Worker(bootstrapSource(), {
    eval: true,
    workerData: start,
    stdout: true,
    stderr: true,
    resourceLimits: { maxOldGenerationSizeMb: 512 },
  });
  // A scheduler's console output must not interleave with the report (or
  // break --json), so the worker's streams are piped here and discarded.
  worker.stdout.resume();
  worker.stderr.resume();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new FaultlineError('parse', 'the scheduler module did not load in time', { ms: options.loadTimeoutMs }));
    }, options.loadTimeoutMs);
    const fail = (error: FaultlineError) => {
      clearTimeout(timer);
      void worker.terminate();
      reject(error);
    };
    worker.once('error', (error) => fail(new FaultlineError('parse', `the scheduler module failed to load: ${error.message.split('\n')[0] ?? ''}`)));
    worker.once('message', (reply: WorkerReply) => {
      if (reply.kind === 'ready') {
        clearTimeout(timer);
        resolve({ worker, name: reply.name, hasRebalance: reply.hasRebalance });
      } else if (reply.kind === 'load-failed') {
        fail(
          reply.reason === 'no-scheduler'
            ? new FaultlineError('unknown-scheduler', reply.message)
            : new FaultlineError('parse', `the scheduler module failed to load: ${reply.message}`),
        );
      } else {
        fail(new FaultlineError('parse', 'the scheduler worker answered before it was ready'));
      }
    });
  });
}

/**
 * Opens a session on a user scheduler module in a worker thread. Each call
 * carries a time limit; a call that outlives it terminates the worker, is
 * reported as `timed-out`, and the next call starts a fresh worker.
 */
export async function openWorkerSession(options: WorkerSessionOptions): Promise<SchedulerSession> {
  let running: Running | undefined = await spawn(options);
  const { name, hasRebalance } = running;
  let nextId = 0;

  const call = async (fn: SchedulerFunction, input: CallInput): Promise<CallOutcome> => {
    running ??= await spawn(options);
    const current = running;
    const id = nextId++;
    return new Promise<CallOutcome>((resolve) => {
      const finish = (outcome: CallOutcome) => {
        clearTimeout(timer);
        current.worker.off('message', onMessage);
        current.worker.off('error', onError);
        current.worker.off('exit', onExit);
        resolve(outcome);
      };
      // A scheduler that calls process.exit() ends its worker without an error.
      const onExit = (code: number) => {
        running = undefined;
        finish({ kind: 'threw', message: `the scheduler ended its worker (exit code ${code})` });
      };
      const onMessage = (reply: WorkerReply) => {
        if (reply.kind === 'outcome' && reply.id === id) finish(reply.outcome);
      };
      const onError = (error: Error) => {
        running = undefined;
        finish({ kind: 'threw', message: error.message.split('\n')[0] ?? 'worker error' });
      };
      const timer = setTimeout(() => {
        running = undefined;
        void current.worker.terminate();
        finish({ kind: 'timed-out', limitMs: options.callTimeoutMs });
      }, options.callTimeoutMs);
      current.worker.on('message', onMessage);
      current.worker.once('error', onError);
      current.worker.once('exit', onExit);
      const message: WorkerCall = { id, fn, input };
      current.worker.postMessage(message);
    });
  };

  return {
    name,
    hasRebalance,
    call,
    close: async () => {
      if (running !== undefined) await running.worker.terminate();
      running = undefined;
    },
  };
}
