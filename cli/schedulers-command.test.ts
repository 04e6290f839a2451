import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { FaultlineError } from '../model/faultline-error.js';
import { checkSchedulerCommand, type CheckSchedulerCommandOptions } from './check-scheduler-command.js';
import { bufferIo } from './buffer-io.js';
import { SAMPLE_NODES, SAMPLE_PODS } from '../properties/scheduler/openb-trace-files.js';
import { main } from './main.js';
import { schedulersCommand } from './schedulers-command.js';

const tracesDir = mkdtempSync(join(tmpdir(), 'faultline-cli-scheduler-'));
const options = (scheduler: string, extra: Partial<CheckSchedulerCommandOptions> = {}): CheckSchedulerCommandOptions => ({
  scheduler,
  runs: undefined,
  // Generous, since runs cap most checks: on a busy machine a cluster gate short of runs is inconclusive, not a pass.
  timeBudgetSeconds: 60,
  seed: 1234,
  tracesDir,
  json: false,
  junit: undefined,
  ...extra,
});

const BUILTINS = ['origin-equations', 'origin-naive-manager', 'first-fit', 'best-fit', 'least-loaded', 'proportional-share', 'drf', 'fragmentation-gradient'];

describe('faultline schedulers', () => {
  test('--json lists the eight built-ins with the verdict of a seeded check run on the spot', async () => {
    const io = bufferIo();
    expect(await schedulersCommand(['--json'], io)).toBe(0);
    const listed = JSON.parse(io.out()) as { seed: number; workloads: number; schedulers: { name: string; held: number; violation: string | null }[] };
    expect(listed.schedulers.map((s) => s.name)).toEqual(BUILTINS);
    expect(listed).toMatchObject({ seed: 1, workloads: 50 });
    for (const s of listed.schedulers) {
      if (s.name.startsWith('origin-')) expect(s.violation).not.toBeNull();
      else expect(s).toMatchObject({ held: 50, violation: null });
    }
  });

  test('without options prints one line per built-in with what the check measured, and says how it was measured', async () => {
    const io = bufferIo();
    expect(await schedulersCommand([], io)).toBe(0);
    const lines = io.out().trim().split('\n');
    expect(lines.slice(0, -1).map((line) => line.split(/\s+/)[0])).toEqual(BUILTINS);
    expect(lines[0]).toMatch(/^origin-equations\s+broke conservation, held \d+\/50\s/);
    expect(lines[2]).toMatch(/^first-fit\s+held 50\/50\s/);
    expect(lines.at(-1)).toBe('(verdicts of a check run just now on 50 generated workloads, seed 1; faultline schedulers --compare for figures)');
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

describe('faultline schedulers --compare on a trace', () => {
  const trace = ['--nodes', SAMPLE_NODES, '--pods', SAMPLE_PODS];

  test('--json replays the sample trace for every built-in, with figures and a series per scheduler', async () => {
    const io = bufferIo();
    expect(await schedulersCommand(['--compare', ...trace, '--mode', 'replay', '--json'], io)).toBe(0);
    const report = JSON.parse(io.out()) as { mode: string; schedulers: { name: string; violation: unknown; podsArrived: number; gpuCapacity: number; series: unknown[]; placement: { medianMs: number } }[] };
    expect(report.mode).toBe('replay');
    expect(report.schedulers.map((s) => s.name)).toEqual(BUILTINS);
    for (const s of report.schedulers.filter((row) => !row.name.startsWith('origin-'))) {
      expect(s).toMatchObject({ violation: null, podsArrived: 24, gpuCapacity: 15 });
      expect(s.series.length).toBeGreaterThan(1);
    }
  });

  test('prints a table, writes the page with --html, and refuses to overwrite it', async () => {
    const html = join(tracesDir, 'replay.html');
    const io = bufferIo();
    expect(await schedulersCommand(['--compare', ...trace, '--scheduler', 'best-fit', '--scheduler', 'fragmentation-gradient', '--html', html], io)).toBe(0);
    const lines = io.out().trim().split('\n');
    expect(lines[1]).toMatch(/^scheduler\s+verdict\s+cpu alloc\s+mem alloc\s+gpu alloc\s+gpus unalloc\s+gpus frag\s+frag\/free\s+not placed\s+place ms p50\s+place ms p99\s+replay s$/);
    expect(lines.slice(3, 5).map((line) => line.split(/\s+/).slice(0, 2))).toEqual([
      ['best-fit', 'held'],
      ['fragmentation-gradient', 'held'],
    ]);
    expect(io.err()).toContain('replaying 24 pods on 5 nodes (fill) with best-fit');
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/);
    const again = await schedulersCommand(['--compare', ...trace, '--html', html], bufferIo()).catch((error: unknown) => error);
    expect((again as FaultlineError).oneLine()).toMatch(/^faultline: trace-exists: refusing to overwrite an existing file/);
  });

  test('exits 1 when a scheduler named with --scheduler breaks a law (and --compare may be left out)', async () => {
    const io = bufferIo();
    const fixture = fileURLToPath(new URL('../properties/scheduler/fixtures/gpu-share-split.ts', import.meta.url));
    expect(await schedulersCommand([...trace, '--scheduler', fixture], io)).toBe(1);
    expect(io.out()).toMatch(/gpu-share-split\s+broke conservation at sample-pod-/);
  });

  test.each([
    [['--nodes', 'n.csv'], /usage: schedulers: a trace replay takes --nodes NODES.csv --pods PODS.csv/],
    [['--compare', '--html', 'x.html'], /usage: schedulers: a trace replay takes/],
    [['--nodes', 'SAMPLE', '--pods', 'SAMPLE_PODS', '--mode', 'replay', '--shuffle'], /usage: --fill-to and --shuffle shape the arrivals of --mode fill only/],
    [['--compare', '--nodes', '/no/such.csv', '--pods', '/no/pods.csv'], /file-missing: no such node list file \(file=\/no\/such.csv\)/],
    [['--compare', '--nodes', 'SAMPLE', '--pods', 'SAMPLE_PODS', '--mode', 'rewind'], /usage: --mode must be one of fill\|replay/],
    [['--compare', '--nodes', 'SAMPLE', '--pods', 'SAMPLE_PODS', '--scheduler', 'fastest-fit'], /unknown-scheduler: no built-in scheduler is named "fastest-fit"/],
  ])('bad input %j is one line', async (args, expected) => {
    const argv = args.map((a) => (a === 'SAMPLE' ? SAMPLE_NODES : a === 'SAMPLE_PODS' ? SAMPLE_PODS : a));
    const failure = await schedulersCommand(argv, bufferIo()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FaultlineError);
    expect((failure as FaultlineError).oneLine()).toMatch(expected);
  });

  test('a bad row in a pod list exits 2 through the CLI with the file and line', async () => {
    const pods = join(tracesDir, 'bad-pods.csv');
    writeFileSync(pods, 'name,cpu_milli,memory_mib,num_gpu,gpu_milli\np0,1000,100,1,1000\np1,1000,100,1,1200\n');
    const io = bufferIo();
    expect(await main(['schedulers', '--compare', '--nodes', SAMPLE_NODES, '--pods', pods], io)).toBe(2);
    expect(io.err()).toBe(`faultline: parse: gpu_milli is "1200", not a whole number from 0 to 1000 (file=${pods} line=3)\n`);
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
    const report = JSON.parse(io.out()) as { result: string; runs: number; violations: { property: string; trace: string; seed: number; in?: string }[]; durationMs: number };
    expect(report.result).toBe('fail');
    expect(report.violations[0]).toMatchObject({ property: 'conservation', seed: 1234 });
    // The policy breaks the clusters it runs in as well: a violation found there has its own trace.
    expect(report.violations.some((v) => v.in === 'cluster' && v.trace.includes('cluster-single-leader'))).toBe(true);
    expect(report.runs).toBeGreaterThan(0);
    expect(report.durationMs).toBeGreaterThanOrEqual(0);
    expect(readFileSync(junit, 'utf8')).toMatch(/<testcase classname="faultline check --scheduler origin-equations" name="conservation"[^>]*>\s*<failure/);
  });

  test('on a terminal, progress is a bar redrawn in place', async () => {
    const io = { ...bufferIo(), isTTY: true };
    let out = '';
    io.stdout = (t: string) => void (out += t);
    expect(await checkSchedulerCommand(options('drf', { runs: 300 }), io)).toBe(0);
    expect(out).toMatch(/\r\[[#.]{30}\] \d+\.\d s {2}\d+ workloads?/);
  });

  test('--nodes and --pods draw node sizes and GPU demands from a trace; the fixture that splits GPU shares is caught as conservation', async () => {
    const fixture = fileURLToPath(new URL('../properties/scheduler/fixtures/gpu-share-split.ts', import.meta.url));
    const io = bufferIo();
    expect(await checkSchedulerCommand(options(fixture, { nodes: SAMPLE_NODES, pods: SAMPLE_PODS }), io)).toBe(1);
    expect(io.out()).toContain(`workloads draw from 5 nodes of ${SAMPLE_NODES} and 24 pods of ${SAMPLE_PODS}`);
    expect(io.out()).toMatch(/VIOLATED conservation: request r\d+: (a [\d.]+ GPU share must sit on exactly one device|GPU device 0 of node n\d would hold)/);
    expect(io.out()).toMatch(/reproduce: npx faultline check --scheduler \S+gpu-share-split.ts --nodes \S+nodes.csv --pods \S+pods.csv --seed 1234 --runs \d+/);
  });

  test('fragmentation-gradient holds on workloads drawn from a trace', async () => {
    const io = bufferIo();
    expect(await checkSchedulerCommand(options('fragmentation-gradient', { runs: 100, nodes: SAMPLE_NODES, pods: SAMPLE_PODS }), io)).toBe(0);
    expect(io.out()).toMatch(/held: conservation, termination on 100 workloads/);
  });

  test('--nodes without --pods is a usage error', async () => {
    const failure = await checkSchedulerCommand(options('best-fit', { nodes: SAMPLE_NODES }), bufferIo()).catch((error: unknown) => error);
    expect((failure as FaultlineError).oneLine()).toBe('faultline: usage: check: --nodes and --pods go together (an openb node list and pod list)');
  });

  test('an unknown scheduler is bad input naming the problem', async () => {
    const failure = await checkSchedulerCommand(options('fastest-fit'), bufferIo()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FaultlineError);
    expect((failure as FaultlineError).oneLine()).toMatch(/^faultline: unknown-scheduler: .*fastest-fit.*known=origin-equations,/);
  });
});
