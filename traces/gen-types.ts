/**
 * `npm run gen:types`: regenerates `trace.generated.ts` from the schema.
 * `.ci/run` runs it and fails when the committed file differs.
 */
import { writeFileSync } from 'node:fs';
import { GENERATED_TYPES_PATH, generateTraceTypes } from './generate-trace-types.js';

writeFileSync(GENERATED_TYPES_PATH, await generateTraceTypes());
