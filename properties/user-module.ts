import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FaultlineError } from '../model/faultline-error.js';

/** The module files a user may hand faultline: TypeScript (loaded through tsx) or JavaScript. */
export const MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

/** Whether a command-line argument names a file rather than something built in. */
export function looksLikePath(argument: string): boolean {
  return argument.includes('/') || argument.includes('\\') || MODULE_EXTENSIONS.includes(extname(argument));
}

/** Turns a user's module path into its file and URL; a missing file, or one of another kind, is bad input. */
export function resolveUserModule(argument: string, what: 'scheduler' | 'protocol', cwd: string = process.cwd()): { readonly path: string; readonly url: string } {
  const path = resolve(cwd, argument);
  if (!existsSync(path) || !statSync(path).isFile()) throw new FaultlineError('file-missing', `${what} file not found`, { path });
  if (!MODULE_EXTENSIONS.includes(extname(path))) throw new FaultlineError('usage', `a ${what} file must be a .ts, .mts, .js or .mjs module`, { path });
  return { path, url: pathToFileURL(path).href };
}

/**
 * Loads a user's module and returns its default export. tsx (and with it
 * esbuild) is loaded only for a TypeScript file, the one case that needs a
 * compiler; JavaScript modules load natively, as they would in the user's own
 * program. Never throws: a module that fails to load is described.
 */
export async function importDefaultExport(moduleUrl: string): Promise<{ readonly kind: 'loaded'; readonly value: unknown } | { readonly kind: 'failed'; readonly message: string }> {
  let loaded: unknown;
  try {
    if (/\.[mc]?ts$/.test(new URL(moduleUrl).pathname)) {
      const { tsImport } = await import('tsx/esm/api');
      loaded = await tsImport(moduleUrl, import.meta.url);
    } else {
      loaded = await import(moduleUrl);
    }
  } catch (error) {
    return { kind: 'failed', message: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error) };
  }
  const value = (loaded as { default?: unknown }).default;
  // tsImport of a CommonJS-shaped module may nest the default export once more.
  const nested = typeof value === 'object' && value !== null && 'default' in value && !('kind' in value) ? (value as { default: unknown }).default : value;
  return { kind: 'loaded', value: nested };
}
