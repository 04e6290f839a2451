import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'faultline.js');
const tracesDir = mkdtempSync(join(tmpdir(), 'faultline-interrupt-'));

/** Runs the bin, sends SIGINT `times` times (a moment apart) once `ready` shows on stdout and a moment has passed, and collects what it printed. */
function interrupted(args: string[], ready: RegExp, times = 1): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [bin, ...args, '--traces-dir', tracesDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let sent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (!sent && ready.test(out)) {
      sent = true;
      // Signals of one kind are not queued: the second is sent once the first has been handled.
      for (let i = 0; i < times; i++) setTimeout(() => child.kill('SIGINT'), 1_500 + i * 300);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

describe('Ctrl-C', () => {
  test('stops the gate after its current run and prints what it found so far: runs, coverage, an inconclusive result (exit 130)', async () => {
    const { code, out } = await interrupted(['check', '--cluster', 'single-leader', '--time-budget', '120', '--seed', '1'], /^checking cluster/m);
    expect(code).toBe(130);
    expect(out).toContain('SIGINT: stopping');
    expect(out).toMatch(/coverage \(sometimes\): single-leader: \d+ runs;/);
    expect(out).toMatch(/result: inconclusive \(interrupted after \d+ runs, before the budget ran out\); \d+ runs of single-leader in \d+\.\ds/);
  }, 120_000);

  test('stops a scheduler check too, and reports the workloads that ran', async () => {
    const { code, out } = await interrupted(['check', '--scheduler', 'examples/my-scheduler.ts', '--time-budget', '120', '--seed', '1'], /^checking scheduler/m);
    expect(code).toBe(130);
    expect(out).toMatch(/inconclusive: interrupted after \d+ workloads/);
    expect(out).toContain('result: inconclusive');
  }, 120_000);

});
