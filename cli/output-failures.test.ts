/**
 * A disk that fills up or a folder that cannot be written, simulated by
 * wrapping `node:fs`: a write into a folder named `full` writes half its
 * content and fails with ENOSPC, as a real full disk does; `statfsSync` and
 * `accessSync` report a full or unwritable folder for paths named so.
 */
import * as realFs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import { bufferIo } from './buffer-io.js';
import { main } from './main.js';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });
  const writeFileSync: typeof fs.writeFileSync = (file, data, options) => {
    if (String(file).includes(`${'/'}full${'/'}`)) {
      const text = String(data);
      fs.writeFileSync(file, text.slice(0, Math.floor(text.length / 2)), options);
      throw errno('ENOSPC');
    }
    fs.writeFileSync(file, data, options);
  };
  const statfsSync = ((path: string, options?: unknown) => {
    const stats = fs.statfsSync(path, options as never);
    return String(path).endsWith('disk-full') ? { ...stats, bavail: 0 } : stats;
  }) as typeof fs.statfsSync;
  const accessSync: typeof fs.accessSync = (path, mode) => {
    if (String(path).endsWith('read-only')) throw errno('EACCES');
    fs.accessSync(path, mode);
  };
  return { ...fs, default: { ...fs, writeFileSync, statfsSync, accessSync }, writeFileSync, statfsSync, accessSync };
});

async function run(...argv: string[]) {
  const io = bufferIo();
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const CAUGHT_AT_ONCE = ['check', '--cluster', 'single-leader', '--mutant', 'ack-before-commit', '--seed', '1'];

function scratch(...names: string[]): string {
  const dir = realFs.mkdtempSync(join(tmpdir(), 'faultline-failures-'));
  for (const name of names) realFs.mkdirSync(join(dir, name));
  return dir;
}

test.each([
  ['on a full disk', 'disk-full', /write-failed: the disk holding .*disk-full.* is full/],
  ['that cannot be written', 'read-only', /write-failed: cannot write in .*read-only.* \(EACCES\)/],
])('a traces folder %s is refused before the run: one line, exit 2', async (_what, folder, expected) => {
  const dir = scratch(folder);
  const { code, out, err } = await run(...CAUGHT_AT_ONCE, '--traces-dir', join(dir, folder, 'traces'));
  expect(code).toBe(2);
  expect(out).toBe('');
  expect(err.trim().split('\n')).toHaveLength(1);
  expect(err).toMatch(expected);
});

test('a trace that cannot be written after the run: the violation and the command that finds it again are printed, exit 1, no partial file left', async () => {
  const dir = scratch('full');
  const { code, out, err } = await run(...CAUGHT_AT_ONCE, '--traces-dir', join(dir, 'full'));
  expect(code).toBe(1);
  expect(err.trim().split('\n')).toEqual([expect.stringMatching(/^faultline: write-failed: cannot write in the folder \(ENOSPC\)/)]);
  expect(out).toMatch(/VIOLATION no-lost-ack at step \d+/);
  expect(out).toContain('trace:  not written (see the error above)');
  expect(out).toContain('reproduce: npx faultline check --cluster single-leader --mutant ack-before-commit --seed 1');
  expect(out).toContain('result: fail');
  expect(realFs.readdirSync(join(dir, 'full'))).toEqual([]);
});

test('with --json, a trace that cannot be written is a violation with trace null', async () => {
  const dir = scratch('full');
  const { code, out } = await run(...CAUGHT_AT_ONCE, '--traces-dir', join(dir, 'full'), '--json');
  expect(code).toBe(1);
  expect(JSON.parse(out)).toMatchObject({ result: 'fail', violations: [{ property: 'no-lost-ack', trace: null, seed: 1 }] });
});

test('a JUnit report that cannot be written after a passing run: the verdict is printed, one line on stderr, exit 2', async () => {
  const dir = scratch('full');
  const { code, out, err } = await run('check', '--cluster', 'single-leader', '--runs', '5', '--seed', '1', '--junit', join(dir, 'full', 'junit.xml'));
  expect(code).toBe(2);
  expect(out).toMatch(/result: (pass|inconclusive)/);
  expect(err.trim().split('\n')).toEqual([expect.stringMatching(/^faultline: write-failed: cannot write in the folder \(ENOSPC\) \(path=.*junit\.xml\)$/)]);
  expect(realFs.readdirSync(join(dir, 'full'))).toEqual([]);
});

test('an HTML page that cannot be written after lin found a violation: the verdict is printed and the exit status is still 1', async () => {
  const dir = scratch('full');
  const { code, out, err } = await run('lin', 'corpus/porcupine/jepsen/etcd_000.log', '--model', 'register', '--html', join(dir, 'full', 'lin.html'));
  expect(code).toBe(1);
  expect(out).toMatch(/NOT linearizable/);
  expect(out).not.toContain('wrote');
  expect(err).toMatch(/write-failed: cannot write in the folder \(ENOSPC\)/);
  expect(realFs.readdirSync(join(dir, 'full'))).toEqual([]);
});
