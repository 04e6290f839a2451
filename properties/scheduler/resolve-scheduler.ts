import { BUILTIN_SCHEDULERS, findBuiltinScheduler } from '../../impl/schedulers/builtin-schedulers.js';
import type { Scheduler } from '../../impl/schedulers/define-scheduler.js';
import { FaultlineError } from '../../model/faultline-error.js';
import { looksLikePath, resolveUserModule } from '../user-module.js';

export type SchedulerSource =
  | { readonly kind: 'builtin'; readonly scheduler: Scheduler }
  | { readonly kind: 'module'; readonly path: string; readonly url: string };

/**
 * Turns `--scheduler NAME|PATH` into what to run: a built-in by name, or a
 * module file. Anything that looks like a path is treated as one, so a typo
 * in a path says "file missing" rather than "unknown scheduler".
 */
export function resolveSchedulerSource(argument: string, cwd: string = process.cwd()): SchedulerSource {
  const builtin = findBuiltinScheduler(argument);
  if (builtin !== undefined) return { kind: 'builtin', scheduler: builtin };
  if (!looksLikePath(argument)) {
    throw new FaultlineError('unknown-scheduler', `no built-in scheduler is named ${JSON.stringify(argument)}; pass a name or a .ts/.js file`, {
      known: BUILTIN_SCHEDULERS.map((scheduler) => scheduler.name).join(','),
    });
  }
  return { kind: 'module', ...resolveUserModule(argument, 'scheduler', cwd) };
}
