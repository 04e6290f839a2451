/**
 * Regenerates `trace.generated.ts` from `trace.schema.json`, the source of
 * truth for the trace format. `npm run gen:types` runs it; `.ci/run` runs it
 * and fails when the committed file differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

const here = dirname(fileURLToPath(import.meta.url));
const schema = JSON.parse(readFileSync(join(here, 'trace.schema.json'), 'utf8')) as JSONSchema;
const banner = '/* Generated from traces/trace.schema.json by `npm run gen:types`; do not edit by hand. */';
const source = await compile(schema, 'Trace', {
  bannerComment: banner,
  additionalProperties: false,
  strictIndexSignatures: true,
  unreachableDefinitions: false,
  style: { singleQuote: true, printWidth: 120 },
});
writeFileSync(join(here, 'trace.generated.ts'), source);
