/**
 * `npm run gen:types`: regenerates the `*.generated.ts` types from the
 * schemas in traces/. `.ci/run` runs it and fails when a committed file
 * differs.
 */
import { writeFileSync } from 'node:fs';
import { GENERATED_TYPES, generateTypes } from './generate-trace-types.js';

for (const entry of GENERATED_TYPES) writeFileSync(entry.path, await generateTypes(entry));
