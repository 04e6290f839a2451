import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

const here = dirname(fileURLToPath(import.meta.url));
export const GENERATED_TYPES_PATH = join(here, 'trace.generated.ts');

/** Each schema in traces/ (the source of truth for the files faultline writes) and the TypeScript generated from it. */
export const GENERATED_TYPES: readonly { readonly schema: string; readonly path: string; readonly name: string }[] = [
  { schema: 'trace.schema.json', path: GENERATED_TYPES_PATH, name: 'Trace' },
  { schema: 'scheduler-counterexample.schema.json', path: join(here, 'scheduler-counterexample.generated.ts'), name: 'SchedulerCounterexample' },
];

/**
 * Each schema's validator, compiled by ajv when the project is built rather
 * than when a file is loaded: compiling the trace schema costs about 0.4 s,
 * which every `replay` and `view` would otherwise pay before reading a byte.
 */
export const GENERATED_VALIDATORS: readonly { readonly schema: string; readonly path: string }[] = [
  { schema: 'trace.schema.json', path: join(here, 'trace-validator.generated.ts') },
  { schema: 'scheduler-counterexample.schema.json', path: join(here, 'scheduler-counterexample-validator.generated.ts') },
];

// The module is CommonJS whose exports object is the function itself (and, for transpilers, its own `default`).
const standaloneCode = standaloneModule as unknown as typeof standaloneModule.default;

/** The ES module ajv's standalone code generation makes of one schema of `GENERATED_VALIDATORS` (with the options `schemaCheck` relies on). */
export function generateValidator(entry: (typeof GENERATED_VALIDATORS)[number]): string {
  const ajv = new Ajv({ allErrors: false, strict: true, code: { source: true, esm: true } });
  const code = standaloneCode(ajv, ajv.compile(JSON.parse(readFileSync(join(here, entry.schema), 'utf8')) as object));
  // ajv's esm output still calls require() for its runtime helpers (the string length); an ES module makes its own.
  const imports = code.includes('require(') ? "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n" : '';
  return `/* Generated from traces/${entry.schema} by \`npm run gen:types\` (ajv standalone code); do not edit by hand. */\n// @ts-nocheck\n${imports}${code}\n`;
}

/** The TypeScript that `trace.schema.json`, the source of truth for traces, generates. */
export async function generateTraceTypes(): Promise<string> {
  return generateTypes(GENERATED_TYPES[0]!);
}

/** The TypeScript one schema of `GENERATED_TYPES` generates. */
export async function generateTypes(entry: (typeof GENERATED_TYPES)[number]): Promise<string> {
  const schema = JSON.parse(readFileSync(join(here, entry.schema), 'utf8')) as JSONSchema;
  return compile(schema, entry.name, {
    bannerComment: `/* Generated from traces/${entry.schema} by \`npm run gen:types\`; do not edit by hand. */`,
    additionalProperties: false,
    strictIndexSignatures: true,
    unreachableDefinitions: false,
    // Bounded arrays stay arrays: maxItems bounds what loading accepts, it is not a tuple type.
    maxItems: -1,
    style: { singleQuote: true, printWidth: 120 },
  });
}
