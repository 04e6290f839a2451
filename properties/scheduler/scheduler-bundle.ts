import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildFailure, type BuildOptions, type Message, type Plugin } from 'esbuild';
import { FaultlineError } from '../../model/faultline-error.js';

/** A user's scheduler module made into one self-contained ES module, with a hash of the source it came from. */
export interface SchedulerBundle {
  /** The module's absolute path. */
  readonly path: string;
  /** Its file name, for people. */
  readonly file: string;
  /** One ES module: the scheduler and everything it imports but Node's own modules. */
  readonly code: string;
  /** SHA-256 over the module and every file it imports (faultline's own excepted), by path relative to the module's folder. */
  readonly sha256: string;
}

/** Where this faultline's own sources (or compiled files) are: `faultline` and `faultline/scheduler` resolve here, and they are left out of the hash. */
const FAULTLINE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OWN_EXTENSION = fileURLToPath(import.meta.url).endsWith('.ts') ? '.ts' : '.js';

/** The file of this faultline's entry point `faultline` (index) or `faultline/scheduler`. */
export function ownEntryPoint(entry: 'index' | 'scheduler'): string {
  return resolve(FAULTLINE_ROOT, `${entry}${OWN_EXTENSION}`);
}

/**
 * A scheduler runs against the faultline that runs it: its imports of
 * `faultline` and `faultline/scheduler` resolve to this copy, whatever the
 * project beside the module has installed.
 */
const faultlineItself: Plugin = {
  name: 'faultline-itself',
  setup(plugins) {
    plugins.onResolve({ filter: /^faultline(\/scheduler)?$/ }, (args) => ({ path: ownEntryPoint(args.path === 'faultline' ? 'index' : 'scheduler') }));
  },
};

/** How a user's module (a scheduler, a protocol) is bundled: one ES module for Node, with what it imports, kept in memory. */
export const USER_MODULE_BUILD = {
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'silent',
  // A CommonJS dependency may require one of Node's modules; an ES module has no `require` of its own.
  banner: { js: "import { createRequire as __faultlineCreateRequire } from 'node:module'; const require = __faultlineCreateRequire('/');" },
} as const satisfies BuildOptions;

const bundles = new Map<string, Promise<SchedulerBundle>>();

/**
 * Bundles a user's scheduler module (TypeScript or JavaScript, with what it
 * imports) into one ES module with esbuild, in this process, so that the
 * sandbox that runs it needs to read no file and start no compiler. A
 * module that does not compile, or imports what cannot be found, is bad
 * input naming the file, line and column. Bundles are kept per path and
 * modification time for the life of the process.
 */
export function bundleSchedulerModule(path: string): Promise<SchedulerBundle> {
  const key = `${path}\0${statSync(path).mtimeMs}`;
  let bundle = bundles.get(key);
  if (bundle === undefined) {
    bundle = makeBundle(path);
    bundles.set(key, bundle);
    bundle.catch(() => bundles.delete(key));
  }
  return bundle;
}

async function makeBundle(path: string): Promise<SchedulerBundle> {
  const folder = dirname(path);
  let result;
  try {
    result = await build({ ...USER_MODULE_BUILD, entryPoints: [path], absWorkingDir: folder, metafile: true, plugins: [faultlineItself] });
  } catch (error) {
    throw bundleError(error, path);
  }
  const code = result.outputFiles[0]?.text ?? '';
  const inputs = Object.keys(result.metafile.inputs)
    .map((input) => (isAbsolute(input) ? input : resolve(folder, input)))
    .filter((input) => !input.startsWith(`${FAULTLINE_ROOT}/`) || input === path || !isFaultlineFile(input));
  const hash = createHash('sha256');
  for (const input of inputs.sort()) hash.update(`${relative(folder, input)}\0`).update(readFileSync(input)).update('\0');
  return { path, file: basename(path), code, sha256: hash.digest('hex') };
}

/** faultline's own files (its sources and compiled files, not its examples, tests or fixtures, which are users' files). */
function isFaultlineFile(input: string): boolean {
  const inside = relative(FAULTLINE_ROOT, input);
  return !/^(examples|consumer)\//.test(inside) && !/(^|\/)fixtures\//.test(inside) && !inside.startsWith('node_modules/');
}

/** esbuild's first error as one line: the file, line and column, then what is wrong. */
export function bundleError(error: unknown, path: string, what: 'scheduler' | 'protocol' = 'scheduler'): FaultlineError {
  const first: Message | undefined = (error as Partial<BuildFailure>).errors?.[0];
  if (first === undefined) return new FaultlineError('parse', `the ${what} module could not be compiled: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { file: path });
  const at = first.location;
  const where: Record<string, string | number> = at === null ? { file: path } : { file: resolve(dirname(path), at.file), line: at.line, column: at.column + 1 };
  return new FaultlineError('parse', `the ${what} module does not compile: ${first.text}`, where);
}
