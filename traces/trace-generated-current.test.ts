import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { GENERATED_TYPES, generateTypes } from './generate-trace-types.js';

test.each(GENERATED_TYPES.map((entry) => [entry.path.replace(/.*\//, ''), entry] as const))('%s is what `npm run gen:types` makes from its schema', async (_name, entry) => {
  expect(readFileSync(entry.path, 'utf8')).toBe(await generateTypes(entry));
});
