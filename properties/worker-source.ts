import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The source of an eval'd worker that imports `entryName` (a module name
 * without extension, beside `callerUrl`) and then runs `onFailure` with
 * `error` bound if that import fails.
 *
 * Compiled (the package as installed, or the CLI of a checkout), the caller
 * is JavaScript in dist/ and so is the entry: the worker imports it directly
 * and loads no TypeScript compiler. Run from source (the test suite), the
 * entry is TypeScript, and since a worker does not inherit the parent's
 * module hooks, the worker imports it through tsx's API (`--import tsx` in a
 * worker's execArgv does not register tsx's hooks there on Node 20).
 */
export function workerSource(callerUrl: string, entryName: string, onFailure = 'throw error;'): string {
  const fromSource = fileURLToPath(callerUrl).endsWith('.ts');
  const entry = new URL(`${entryName}${fromSource ? '.ts' : '.js'}`, callerUrl).href;
  const load = fromSource
    ? `import(${JSON.stringify(tsxApiUrl())}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(callerUrl)}))`
    : `import(${JSON.stringify(entry)})`;
  return `${load}.catch((error) => { ${onFailure} });`;
}

/**
 * The URL of tsx's ES module API, found through tsx's own package exports
 * (require.resolve would give its CommonJS twin, which cannot load in an
 * eval'd worker).
 */
export function tsxApiUrl(): string {
  const manifestPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const entry = manifest.exports['./esm/api']?.import.default;
  if (entry === undefined) throw new Error('this version of tsx has no ./esm/api export');
  return pathToFileURL(join(dirname(manifestPath), entry)).href;
}
