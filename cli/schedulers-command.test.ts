import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FaultlineError } from '../model/faultline-error.js';
import { checkSchedulerCommand, type CheckSchedulerCommandOptions } from './check-scheduler-command.js';
import { bufferIo } from './buffer-io.js';
import { schedulersCommand } from './schedulers-command.js';

const tracesDir = mkdtempSync(join(tmpdir(), 'faultline-cli-scheduler-'));
const options = (scheduler: string, extra: Partial<CheckSchedulerCommandOptions> = {}): CheckSchedulerCommandOptions => ({
  scheduler,
  runs: undefined,
  timeBudgetSeconds: 5,
  seed: 1234,
  tracesDir,
  json: false,
  junit: undefined,
  ...extra,
});

const BUILTINS = ['origin-equations', 'origin-naive-manager', 'first-fit', 'best-fit', 'least-loaded', 'proportional-share', 'drf'];

describe('faultline schedulers', () => {
  test('--json lists the seven built-ins', async () => {
    const io = bufferIo();
    expect(await schedulersCommand(['--json'], io)).toBe(0);
    const listed = JSON.parse(io.out()) as { schedulers: { name: string; expected: string }[] };
    expect(listed.schedulers.map((s) => s.name)).toEqual(BUILTINS);
  });

  test('without options prints one line per built-in', async () => {
    const io = bufferIo();
    expect(await schedulersCommand([], io)).toBe(0);
    expect(io.out().trim().split('\n').map((line) => line.split(/\s+/)[0])).toEqual(BUILTINS);
  });

  test('--compare --json gives every built-in figures on the same workloads, and flags the two unsafe ports', async () => {
    const io = bufferIo();
    expect(await schedulersCommand(['--compare', '--json', '--workloads', '40', '--seed', '9'], io)).toBe(0);
    const report = JSON.parse(io.out()) as { workloads: number; schedulers: { name: string; held: number; violation: string | null; quality: Record<string, number> | null }[] };
    expect(report.workloads).toBe(40);
    expect(report.schedulers.map((s) => s.name)).toEqual(BUILTINS);
    for (const row of report.schedulers) {
      if (row.name.startsWith('origin-')) expect(row.violation).not.toBeNull();
      else {
        expect(row).toMatchObject({ held: 40, violation: null });
        expect(Object.keys(row.quality ?? {})).toEqual(['utilization', 'maxNodeLoad', 'minNodeLoad', 'jainFairness', 'dominantShareSpread', 'rejectionRate']);
      }
    }
  });

  test('--compare prints a table with a row per built-in', async () => {
    const io = bufferIo();
    expect(await schedulersCommand(['--compare', '--workloads', '10'], io)).toBe(0);
    const lines = io.out().trim().split('\n');
    expect(lines[1]).toMatch(/^scheduler\s+verdict\s+util\s+max load\s+min load\s+jain\s+drs spread\s+rejected$/);
    expect(lines.slice(3).map((line) => line.split(/\s+/)[0])).toEqual(BUILTINS);
  });

  test('an unknown option is a one-line usage error', async () => {
    const failure = await schedulersCommand(['--fast'], bufferIo()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FaultlineError);
    expect((failure as FaultlineError).oneLine()).not.toContain('\n');
  });
});

describe('faultline check --scheduler', () => {
  test('origin-equations exits 1 naming conservation, with the seed first, the trace and the reproducing command', async () => {
    const io = bufferIo();
    expect(await checkSchedulerCommand(options('origin-equations'), io)).toBe(1);
    const lines = io.out().split('\n');
    expect(lines[0]).toBe('seed: 1234');
    expect(io.out()).toMatch(/VIOLATED conservation: /);
    const trace = /counterexample: (\S+)/.exec(io.out())?.[1] ?? '';
    expect(existsSync(trace)).toBe(true);
    const reproduce = /reproduce: (.*)/.exec(io.out())?.[1] ?? '';
    expect(reproduce).toMatch(/^npx faultline check --scheduler origin-equations --seed 1234 --runs \d+$/);

    // Running the printed command finds and shrinks the very same counterexample.
    const runs = Number(/--runs (\d+)/.exec(reproduce)?.[1]);
    const again = bufferIo();
    expect(await checkSchedulerCommand(options('origin-equations', { runs }), again)).toBe(1);
    const retrace = /counterexample: (\S+)/.exec(again.out())?.[1] ?? '';
    expect(retrace).not.toBe(trace);
    const workload = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { workload: unknown }).workload;
    expect(workload(retrace)).toEqual(workload(trace));
  });

  test('origin-naive-manager exits 1 naming conservation or termination', async () => {
    const io = bufferIo();
    expect(await checkSchedulerCommand(options('origin-naive-manager'), io)).toBe(1);
    expect(io.out()).toMatch(/VIOLATED (conservation|termination): /);
  });

  test('first-fit exits 0 and prints its quality figures', async () => {
    const io = bufferIo();
    expect(await checkSchedulerCommand(options('first-fit', { runs: 200 }), io)).toBe(0);
    expect(io.out()).toMatch(/held: conservation, termination on 200 workloads/);
    for (const label of ['utilization', 'max node load', 'min node load', "Jain's fairness", 'dominant-share spread', 'rejection rate']) {
      expect(io.out()).toContain(label);
    }
  });

  test('--json prints one object with result, runs, violations and durationMs; --junit writes a report', async () => {
    const io = bufferIo();
    const junit = join(tracesDir, 'junit.xml');
    expect(await checkSchedulerCommand(options('origin-equations', { json: true, junit }), io)).toBe(1);
    const report = JSON.parse(io.out()) as { result: string; runs: number; violations: { property: string; trace: string; seed: number }[]; durationMs: number };
    expect(report).toMatchObject({ result: 'fail', violations: [{ property: 'conservation', seed: 1234 }] });
    expect(report.runs).toBeGreaterThan(0);
    expect(report.durationMs).toBeGreaterThanOrEqual(0);
    expect(readFileSync(junit, 'utf8')).toMatch(/<testcase classname="faultline check --scheduler origin-equations" name="conservation"[^>]*>\s*<failure/);
  });

  test('on a terminal, progress is a bar redrawn in place', async () => {
    const io = { ...bufferIo(), isTTY: true };
    let out = '';
    io.stdout = (t: string) => void (out += t);
    expect(await checkSchedulerCommand(options('drf', { runs: 3000 }), io)).toBe(0);
    expect(out).toMatch(/\r\[[#.]{30}\] \d+\.\d s {2}\d+ workloads?/);
  });

  test('an unknown scheduler is bad input naming the problem', async () => {
    const failure = await checkSchedulerCommand(options('fastest-fit'), bufferIo()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FaultlineError);
    expect((failure as FaultlineError).oneLine()).toMatch(/^faultline: unknown-scheduler: .*fastest-fit.*known=origin-equations,/);
  });
});
