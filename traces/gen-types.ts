/**
 * `npm run gen:types`: regenerates the `*.generated.ts` types and
 * validators from the schemas in traces/. `.ci/run` runs it and fails when a committed file
 * differs.
 */
import { writeFileSync } from 'node:fs';
import { GENERATED_TYPES, GENERATED_VALIDATORS, generateTypes, generateValidator } from './generate-trace-types.js';

for (const entry of GENERATED_TYPES) writeFileSync(entry.path, await generateTypes(entry));
for (const entry of GENERATED_VALIDATORS) writeFileSync(entry.path, generateValidator(entry));
