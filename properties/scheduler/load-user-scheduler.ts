import { isScheduler, type Scheduler } from '../../impl/schedulers/define-scheduler.js';
import { importDefaultExport } from '../user-module.js';

export type LoadedScheduler =
  | { readonly kind: 'loaded'; readonly scheduler: Scheduler }
  | { readonly kind: 'failed'; readonly reason: 'no-scheduler' | 'import-failed'; readonly message: string };

/**
 * Loads a user's scheduler module and finds the scheduler it default-exports.
 * Never throws: a module that fails to load or exports no scheduler is
 * described for the user.
 */
export async function loadUserScheduler(moduleUrl: string): Promise<LoadedScheduler> {
  const loaded = await importDefaultExport(moduleUrl);
  if (loaded.kind === 'failed') return { kind: 'failed', reason: 'import-failed', message: loaded.message };
  return isScheduler(loaded.value) ? { kind: 'loaded', scheduler: loaded.value } : { kind: 'failed', reason: 'no-scheduler', message: 'the module has no default export made with defineScheduler' };
}
