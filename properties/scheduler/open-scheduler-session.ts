import { inProcessSession } from './in-process-session.js';
import { resolveSchedulerSource } from './resolve-scheduler.js';
import { bundleSchedulerModule, type SchedulerBundle } from './scheduler-bundle.js';
import type { SchedulerSession } from './scheduler-session.js';
import { openSandboxSession } from './sandbox-session.js';

export interface SchedulerSessionOptions {
  /** Steps one scheduler call may count before it is stopped (default 100 000). */
  readonly stepLimit?: number | undefined;
  /** Wall-clock limit of one call of a user scheduler (default 1 000 ms). */
  readonly callTimeoutMs?: number | undefined;
  readonly cwd?: string | undefined;
}

/**
 * Opens a session on `--scheduler NAME|PATH`: a built-in runs in this thread
 * under the step budget; a user module runs in a sandbox process (no files,
 * processes, workers or network) under the step budget and a per-call time
 * limit.
 */
export async function openSchedulerSession(argument: string, options: SchedulerSessionOptions = {}): Promise<SchedulerSession> {
  const source = resolveSchedulerSource(argument, options.cwd);
  const stepLimit = options.stepLimit ?? 100_000;
  if (source.kind === 'builtin') return inProcessSession(source.scheduler, stepLimit);
  return openModuleSession(await bundleSchedulerModule(source.path), options);
}

/** Opens a session on a user's module, already bundled, in its sandbox process. */
export function openModuleSession(bundle: SchedulerBundle, options: SchedulerSessionOptions = {}): Promise<SchedulerSession> {
  return openSandboxSession({ bundle, stepLimit: options.stepLimit ?? 100_000, callTimeoutMs: options.callTimeoutMs ?? 1_000, loadTimeoutMs: 30_000 });
}
