import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { writeNewFileAtomic, writeUniqueFileAtomic } from './write-new-file.js';

test('writeNewFileAtomic refuses an existing name and leaves the first content and no temporary file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'faultline-write-'));
  const path = join(folder, 'a.json');
  writeNewFileAtomic(path, 'first');
  expect(() => writeNewFileAtomic(path, 'second')).toThrow(/refusing to overwrite/);
  expect(readFileSync(path, 'utf8')).toBe('first');
  expect(readdirSync(folder)).toEqual(['a.json']);
});

test('writeUniqueFileAtomic numbers names that are taken', () => {
  const folder = mkdtempSync(join(tmpdir(), 'faultline-write-'));
  const paths = [0, 1, 2].map((i) => writeUniqueFileAtomic(folder, 'x y', '.json', String(i)));
  expect(paths.map((p) => p.slice(folder.length + 1))).toEqual(['x-y.json', 'x-y-1.json', 'x-y-2.json']);
});
