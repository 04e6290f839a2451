import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { GENERATED_TYPES_PATH, generateTraceTypes } from './generate-trace-types.js';

test('trace.generated.ts is what `npm run gen:types` makes from the schema', async () => {
  expect(readFileSync(GENERATED_TYPES_PATH, 'utf8')).toBe(await generateTraceTypes());
});
