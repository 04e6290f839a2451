import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'faultline.js');

describe('writing the output fails', () => {
  test('a reader that goes away (faultline check | head -1) is not an error: no stack trace, and the exit status is still the verdict', async () => {
    const child = spawn(process.execPath, [bin, 'check', '--cluster', 'single-leader', '--runs', '30', '--seed', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Like head -1: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 60_000);

  test.skipIf(!existsSync('/dev/full'))('a full device (> /dev/full) is one line on stderr and exit 2, never a stack trace or exit 1', () => {
    for (const args of [['mutants'], ['check', '--cluster', 'single-leader', '--runs', '5', '--seed', '1']]) {
      const full = openSync('/dev/full', 'w');
      const result = spawnSync(process.execPath, [bin, ...args], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 60_000 });
      closeSync(full);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toEqual(['faultline: write-failed: cannot write to stdout (ENOSPC); the output is incomplete']);
    }
  }, 120_000);
});
