import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

const here = dirname(fileURLToPath(import.meta.url));
export const GENERATED_TYPES_PATH = join(here, 'trace.generated.ts');

/** Each schema in traces/ (the source of truth for the files faultline writes) and the TypeScript generated from it. */
export const GENERATED_TYPES: readonly { readonly schema: string; readonly path: string; readonly name: string }[] = [
  { schema: 'trace.schema.json', path: GENERATED_TYPES_PATH, name: 'Trace' },
  { schema: 'scheduler-counterexample.schema.json', path: join(here, 'scheduler-counterexample.generated.ts'), name: 'SchedulerCounterexample' },
];

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
