import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadTrace } from '../traces/load-trace.js';

const bin = fileURLToPath(new URL('../bin/faultline.js', import.meta.url));

/**
 * Runs the built CLI as a user would, sends `signal` once its standard
 * error shows `when`, and collects what it printed and how it ended.
 */
function interrupted(args: readonly string[], when: RegExp, signal: 'SIGINT' | 'SIGTERM'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!sent && when.test(stderr)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('SIGINT and SIGTERM during check', () => {
  test('SIGTERM while searching: the summary so far, as inconclusive, and exit 143', async () => {
    const traces = mkdtempSync(join(tmpdir(), 'faultline-sigterm-'));
    const { code, stdout, stderr } = await interrupted(['check', '--cluster', 'single-leader', '--seed', '3', '--time-budget', '300', '--json', '--traces-dir', traces], /checking cluster/, 'SIGTERM');
    expect(code).toBe(143);
    expect(stderr).toContain('SIGTERM: stopping');
    expect(stderr).toMatch(/result: inconclusive \(interrupted after \d+ runs?, before the budget ran out\)/);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ result: 'inconclusive', interrupted: 'SIGTERM', violations: [] });
    expect(readdirSync(traces)).toEqual([]);
  });

  test('SIGINT while shrinking: the failure is kept as shrunk so far, written whole, and exit 130', async () => {
    const traces = mkdtempSync(join(tmpdir(), 'faultline-sigint-'));
    const args = ['check', '--cluster', 'single-leader', '--mutant', 'volatile-commit-index', '--seed', '1', '--time-budget', '300', '--json', '--traces-dir', traces];
    const { code, stdout, stderr } = await interrupted(args, /a run failed; shrinking it/, 'SIGINT');
    expect(code).toBe(130);
    expect(stderr).toContain('SIGINT: stopping');
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ result: 'fail', interrupted: 'SIGINT' });
    // One whole trace and nothing else: no temporary file is left behind.
    expect(readdirSync(traces)).toEqual([report.violations[0].trace.slice(traces.length + 1)]);
    const trace = loadTrace(report.violations[0].trace);
    expect(trace.shrink).toMatchObject({ complete: false, property: 'job-exclusivity' });
    expect(trace.verdict.violations.map((v) => v.property)).toContain('job-exclusivity');
  });
});
