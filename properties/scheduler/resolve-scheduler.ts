import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILTIN_SCHEDULERS, findBuiltinScheduler } from '../../impl/schedulers/builtin-schedulers.js';
import type { Scheduler } from '../../impl/schedulers/define-scheduler.js';
import { FaultlineError } from '../../model/faultline-error.js';

export type SchedulerSource =
  | { readonly kind: 'builtin'; readonly scheduler: Scheduler }
  | { readonly kind: 'module'; readonly path: string; readonly url: string };

const MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

/**
 * Turns `--scheduler NAME|PATH` into what to run: a built-in by name, or a
 * module file. Anything that looks like a path is treated as one, so a typo
 * in a path says "file missing" rather than "unknown scheduler".
 */
export function resolveSchedulerSource(argument: string, cwd: string = process.cwd()): SchedulerSource {
  const builtin = findBuiltinScheduler(argument);
  if (builtin !== undefined) return { kind: 'builtin', scheduler: builtin };
  const looksLikePath = argument.includes('/') || argument.includes('\\') || MODULE_EXTENSIONS.includes(extname(argument));
  if (!looksLikePath) {
    throw new FaultlineError('unknown-scheduler', `no built-in scheduler is named ${JSON.stringify(argument)}; pass a name or a .ts/.js file`, {
      known: BUILTIN_SCHEDULERS.map((scheduler) => scheduler.name).join(','),
    });
  }
  const path = resolve(cwd, argument);
  if (!existsSync(path) || !statSync(path).isFile()) throw new FaultlineError('file-missing', 'scheduler file not found', { path });
  if (!MODULE_EXTENSIONS.includes(extname(path))) {
    throw new FaultlineError('usage', 'a scheduler file must be a .ts, .mts, .js or .mjs module', { path });
  }
  return { kind: 'module', path, url: pathToFileURL(path).href };
}
