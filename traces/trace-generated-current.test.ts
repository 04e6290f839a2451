import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { GENERATED_TYPES, GENERATED_VALIDATORS, generateTypes, generateValidator } from './generate-trace-types.js';

test.each(GENERATED_TYPES.map((entry) => [entry.path.replace(/.*\//, ''), entry] as const))('%s is what `npm run gen:types` makes from its schema', async (_name, entry) => {
  expect(readFileSync(entry.path, 'utf8')).toBe(await generateTypes(entry));
});

test.each(GENERATED_VALIDATORS.map((entry) => [entry.path.replace(/.*\//, ''), entry] as const))('%s is the validator `npm run gen:types` compiles from its schema', (_name, entry) => {
  expect(readFileSync(entry.path, 'utf8')).toBe(generateValidator(entry));
});
