import { isScheduler, type Scheduler } from '../../impl/schedulers/define-scheduler.js';

export type LoadedScheduler =
  | { readonly kind: 'loaded'; readonly scheduler: Scheduler }
  | { readonly kind: 'failed'; readonly reason: 'no-scheduler' | 'import-failed'; readonly message: string };

/**
 * Loads a user's scheduler module and finds the scheduler it default-exports.
 * tsx (and with it esbuild) is loaded only for a TypeScript file, the one
 * case that needs a compiler; JavaScript modules load natively, as they would
 * in the user's own program. Never throws: a module that fails to load or
 * exports no scheduler is described for the user.
 */
export async function loadUserScheduler(moduleUrl: string): Promise<LoadedScheduler> {
  let loaded: unknown;
  try {
    if (/\.[mc]?ts$/.test(new URL(moduleUrl).pathname)) {
      const { tsImport } = await import('tsx/esm/api');
      loaded = await tsImport(moduleUrl, import.meta.url);
    } else {
      loaded = await import(moduleUrl);
    }
  } catch (error) {
    return { kind: 'failed', reason: 'import-failed', message: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error) };
  }
  const candidate = (loaded as { default?: unknown }).default;
  // tsImport of a CommonJS-shaped module may nest the default export once more.
  const scheduler = isScheduler(candidate) ? candidate : (candidate as { default?: unknown } | undefined)?.default;
  return isScheduler(scheduler) ? { kind: 'loaded', scheduler } : { kind: 'failed', reason: 'no-scheduler', message: 'the module has no default export made with defineScheduler' };
}
