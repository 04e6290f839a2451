import { inProcessSession } from './in-process-session.js';
import { resolveSchedulerSource } from './resolve-scheduler.js';
import type { SchedulerSession } from './scheduler-session.js';
import { openWorkerSession } from './worker-session.js';

export interface SchedulerSessionOptions {
  /** Steps one scheduler call may count before it is stopped (default 100 000). */
  readonly stepLimit?: number | undefined;
  /** Wall-clock limit of one call of a user scheduler (default 1 000 ms). */
  readonly callTimeoutMs?: number | undefined;
  readonly cwd?: string | undefined;
}

/**
 * Opens a session on `--scheduler NAME|PATH`: a built-in runs in this thread
 * under the step budget; a user module runs in a worker under the step
 * budget and a per-call time limit.
 */
export async function openSchedulerSession(argument: string, options: SchedulerSessionOptions = {}): Promise<SchedulerSession> {
  const source = resolveSchedulerSource(argument, options.cwd);
  const stepLimit = options.stepLimit ?? 100_000;
  if (source.kind === 'builtin') return inProcessSession(source.scheduler, stepLimit);
  return openWorkerSession({ moduleUrl: source.url, stepLimit, callTimeoutMs: options.callTimeoutMs ?? 1_000, loadTimeoutMs: 30_000 });
}
