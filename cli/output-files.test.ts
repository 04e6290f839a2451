import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { bufferIo } from './buffer-io.js';
import { main } from './main.js';

async function run(...argv: string[]) {
  const io = bufferIo();
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const CAUGHT_AT_ONCE = ['check', '--cluster', 'single-leader', '--mutant', 'ack-before-commit', '--seed', '1'];

test.each([
  ['--junit onto an existing file', (dir: string) => ['check', ...CAUGHT_AT_ONCE.slice(1), '--junit', join(dir, 'existing.xml')], /trace-exists: refusing to overwrite an existing file/],
  ['--junit onto a folder', (dir: string) => ['check', ...CAUGHT_AT_ONCE.slice(1), '--junit', dir], /trace-exists: the output file names a folder/],
  ['--junit under a file', (dir: string) => ['check', ...CAUGHT_AT_ONCE.slice(1), '--junit', join(dir, 'existing.xml', 'r.xml')], /write-failed: cannot make a folder under .*existing\.xml.*: it is a file/],
  ['--traces-dir under a file', (dir: string) => ['check', ...CAUGHT_AT_ONCE.slice(1), '--traces-dir', join(dir, 'existing.xml', 'traces')], /write-failed: cannot make a folder under .*existing\.xml.*: it is a file/],
  ['lin --html onto an existing file', (dir: string) => ['lin', 'corpus/porcupine/jepsen/etcd_000.log', '--model', 'register', '--html', join(dir, 'existing.xml')], /trace-exists: refusing to overwrite an existing file/],
  ['schedulers --html onto an existing file', (dir: string) => ['schedulers', '--nodes', 'properties/scheduler/fixtures/openb-sample/nodes.csv', '--pods', 'properties/scheduler/fixtures/openb-sample/pods.csv', '--html', join(dir, 'existing.xml')], /trace-exists: refusing to overwrite an existing file/],
])('%s is refused before the run: one line, exit 2, nothing else printed, nothing touched', async (_what, argv, expected) => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-outputs-'));
  writeFileSync(join(dir, 'existing.xml'), 'keep me');
  const { code, out, err } = await run(...argv(dir));
  expect(code).toBe(2);
  expect(out).toBe('');
  expect(err.trim().split('\n')).toHaveLength(1);
  expect(err).toMatch(expected);
  expect(readFileSync(join(dir, 'existing.xml'), 'utf8')).toBe('keep me');
  expect(readdirSync(dir)).toEqual(['existing.xml']);
});

test('--junit into a folder that does not exist yet makes the folder and leaves no temporary file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-outputs-'));
  const junit = join(dir, 'reports', 'ci', 'junit.xml');
  const { code } = await run(...CAUGHT_AT_ONCE, '--traces-dir', join(dir, 'traces'), '--junit', junit);
  expect(code).toBe(1);
  expect(readFileSync(junit, 'utf8')).toContain('<failure message=');
  expect(readdirSync(join(dir, 'reports', 'ci'))).toEqual(['junit.xml']);
});

test('a traces folder that exists and is empty is written into, and nothing else is left in it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-outputs-'));
  mkdirSync(join(dir, 'traces'));
  const { code, out } = await run(...CAUGHT_AT_ONCE, '--traces-dir', join(dir, 'traces'));
  expect(code).toBe(1);
  expect(out).toMatch(/trace: {2}.*single-leader-no-lost-ack-seed1\.json/);
  expect(readdirSync(join(dir, 'traces'))).toEqual(['single-leader-no-lost-ack-seed1.json']);
});
