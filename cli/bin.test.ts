import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'faultline.js');
const faultline = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });

test('the binary runs the compiled CLI and passes its exit status through', () => {
  const listed = faultline('mutants');
  expect(listed.status).toBe(0);
  expect(listed.stdout).toContain('vote-twice');

  const checked = faultline('check', '--cluster', 'single-leader', '--runs', '20', '--seed', '1', '--json');
  expect(checked.status).toBe(0);
  expect(JSON.parse(checked.stdout)).toMatchObject({ result: 'pass', runs: 20 });

  const bad = faultline('replay', 'no-such-trace.json');
  expect(bad.status).toBe(2);
  expect(bad.stderr.trim().split('\n')).toHaveLength(1);
});
