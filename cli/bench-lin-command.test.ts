import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bufferIo } from './buffer-io.js';
import { EXIT } from './cli-io.js';
import { benchLinCommand } from './bench-lin-command.js';

const projectRoot = resolve(fileURLToPath(import.meta.url), '..', '..');
const fixtures = resolve(projectRoot, 'properties', 'lin', 'fixtures');

async function run(args: string[]): Promise<{ code: number; stdout: string }> {
  const io = bufferIo();
  return { code: await benchLinCommand(args, io), stdout: io.out() };
}

describe('faultline bench lin', () => {
  it('checks every history under a folder and reports medians and totals as JSON', async () => {
    const { code, stdout } = await run(['--corpus', fixtures, '--runs', '3', '--json']);
    expect(code).toBe(EXIT.held);
    const report = JSON.parse(stdout);
    expect(report.files.length).toBeGreaterThanOrEqual(10);
    for (const file of report.files) {
      expect(Object.keys(file)).toEqual(expect.arrayContaining(['file', 'model', 'operations', 'verdict', 'medianMs']));
      expect(file.verdict).toBe(file.file.includes('-ok.') ? 'ok' : 'illegal');
    }
    expect(report.totals.etcd.files + report.totals.kv.files).toBeLessThan(report.totals.all.files);
    expect(report.totals.kv.files).toBe(2);
  });

  it('compares verdicts with EXPECTED.tsv and exits 1 on a mismatch', async () => {
    const corpus = mkdtempSync(join(tmpdir(), 'faultline-bench-'));
    mkdirSync(join(corpus, 'porcupine', 'jepsen'), { recursive: true });
    const log = 'INFO  jepsen.util - 0\t:invoke\t:write\t1\nINFO  jepsen.util - 0\t:ok\t:write\t1\nINFO  jepsen.util - 1\t:invoke\t:read\tnil\nINFO  jepsen.util - 1\t:ok\t:read\t2\n';
    writeFileSync(join(corpus, 'porcupine', 'jepsen', 'etcd_000.log'), log);
    writeFileSync(join(corpus, 'porcupine', 'EXPECTED.tsv'), 'file\texpected\tsource\njepsen/etcd_000.log\tIllegal\thand\n');
    const agreed = await run(['--corpus', corpus, '--runs', '1']);
    expect(agreed.code).toBe(EXIT.held);
    expect(agreed.stdout).toMatch(/etcd register: 1 files/);
    writeFileSync(join(corpus, 'porcupine', 'EXPECTED.tsv'), 'file\texpected\tsource\njepsen/etcd_000.log\tOk\thand\n');
    const disagreed = await run(['--corpus', corpus, '--runs', '1']);
    expect(disagreed.code).toBe(EXIT.violated);
    expect(disagreed.stdout).toMatch(/MISMATCH jepsen\/etcd_000\.log: illegal, expected ok/);
  });

  it('says there is nothing to check in a corpus without histories, inconclusive rather than held', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'faultline-bench-empty-'));
    const { code, stdout } = await run(['--corpus', empty]);
    expect(code).toBe(EXIT.inconclusive);
    expect(stdout).toMatch(/nothing to check/);
  });

  it('generates long register histories, legal and with a corrupted read, and checks each in its own process', async () => {
    const out = mkdtempSync(join(tmpdir(), 'faultline-bench-generated-'));
    const { code, stdout } = await run(['--generate', '--sizes', '400', '--runs', '1', '--seed', '5', '--out', out, '--json']);
    expect(code).toBe(EXIT.held);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ bench: 'lin-generated', seed: 5, runs: 1, dir: out });
    expect(report.files.map((file: { expected: string; verdict: string }) => [file.expected, file.verdict])).toEqual([
      ['ok', 'ok'],
      ['illegal', 'illegal'],
    ]);
    for (const file of report.files) {
      expect(existsSync(file.file)).toBe(true);
      expect(file.operations).toBe(400);
      expect(file.peakMemoryMB).toBeGreaterThan(0);
      expect(file.medianMs).toBeGreaterThanOrEqual(file.medianCheckMs);
    }
  });

  it('says which options go with --generate and which with --corpus', async () => {
    await expect(run(['--generate', '--corpus', fixtures])).rejects.toMatchObject({ code: 'usage', message: expect.stringMatching(/cannot go together/) });
    await expect(run(['--corpus', fixtures, '--sizes', '10'])).rejects.toMatchObject({ code: 'usage', message: expect.stringMatching(/--sizes goes with --generate/) });
    await expect(run(['--generate', '--sizes', '10,many'])).rejects.toMatchObject({ code: 'usage' });
  });

  it('needs --corpus', async () => {
    await expect(run([])).rejects.toMatchObject({ code: 'usage' });
  });
});
