import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FaultlineError } from '../model/faultline-error.js';

/** The module files a user may hand faultline: TypeScript or JavaScript (esbuild bundles either). */
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
