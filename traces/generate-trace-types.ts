import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

const here = dirname(fileURLToPath(import.meta.url));
export const GENERATED_TYPES_PATH = join(here, 'trace.generated.ts');

/** The TypeScript that `trace.schema.json`, the source of truth for traces, generates. */
export async function generateTraceTypes(): Promise<string> {
  const schema = JSON.parse(readFileSync(join(here, 'trace.schema.json'), 'utf8')) as JSONSchema;
  return compile(schema, 'Trace', {
    bannerComment: '/* Generated from traces/trace.schema.json by `npm run gen:types`; do not edit by hand. */',
    additionalProperties: false,
    strictIndexSignatures: true,
    unreachableDefinitions: false,
    // Bounded arrays stay arrays: maxItems bounds what loading accepts, it is not a tuple type.
    maxItems: -1,
    style: { singleQuote: true, printWidth: 120 },
  });
}
