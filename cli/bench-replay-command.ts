import { loadavg } from 'node:os';
import { BUILTIN_SCHEDULERS } from '../impl/schedulers/builtin-schedulers.js';
import { readOpenbNodes } from '../properties/scheduler/openb-nodes.js';
import { readOpenbPods } from '../properties/scheduler/openb-pods.js';
import { replaySchedulersOnTrace } from '../properties/scheduler/replay-schedulers-on-trace.js';
import { resolveSchedulerSource } from '../properties/scheduler/resolve-scheduler.js';
import type { ReplayMode } from '../properties/scheduler/trace-workload.js';
import { EXIT, type CliIo } from './cli-io.js';
import { choiceOption, intOption, parseOptions } from './parse-options.js';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * `faultline bench replay --nodes NODES.csv --pods PODS.csv [--mode fill|replay] [--scheduler NAME|PATH]... [--repeat N] [--json]`:
 * the wall time of replaying a trace per scheduler (reading the files
 * excluded; every decision checked, each call made twice, as in
 * `schedulers --compare`), the median of N replays, with the load average
 * of the machine before and after, and the unallocated and fragmented GPUs
 * each policy left.
 */
export async function benchReplayCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(
    'bench replay',
    args,
    { nodes: { type: 'string' }, pods: { type: 'string' }, mode: { type: 'string' }, scheduler: { type: 'string', multiple: true }, repeat: { type: 'string' }, json: { type: 'boolean' } } as const,
    { min: 0, max: 0, name: 'argument' },
  );
  const nodesFile = values.nodes ?? '../shared/workloads/openb/openb_node_list_all_node.csv';
  const podsFile = values.pods ?? '../shared/workloads/openb/openb_pod_list_default.csv';
  const mode = choiceOption<ReplayMode>('mode', values.mode, ['fill', 'replay'], 'fill');
  const repeat = intOption('repeat', values.repeat, 3, 1, 50);
  const nodes = readOpenbNodes(nodesFile);
  const pods = readOpenbPods(podsFile);
  const schedulers = values.scheduler ?? BUILTIN_SCHEDULERS.map((s) => s.name).filter((name) => !name.startsWith('origin-'));
  for (const argument of schedulers) resolveSchedulerSource(argument);
  const loadBefore = loadavg()[0] ?? 0;
  const rows = [];
  for (const scheduler of schedulers) {
    const runs = [];
    for (let i = 0; i < repeat; i++) runs.push(...(await replaySchedulersOnTrace({ nodes, pods, mode, schedulers: [scheduler] })));
    const last = runs[runs.length - 1];
    rows.push({
      scheduler: last?.name ?? scheduler,
      medianSeconds: median(runs.map((r) => r.durationMs / 1000)),
      runsSeconds: runs.map((r) => Math.round(r.durationMs) / 1000),
      violation: last?.violation?.property ?? null,
      gpusUnallocated: last?.figures.gpusUnallocated ?? 0,
      gpusFragmented: last?.figures.gpusFragmented ?? 0,
      unallocatedShare: last === undefined ? 0 : last.figures.gpusUnallocated / last.figures.gpuCapacity,
      fragmentedShare: last?.figures.final.fragmentedOfCapacity ?? 0,
      podsNotPlaced: last?.figures.podsNotPlaced ?? 0,
    });
  }
  const loadAfter = loadavg()[0] ?? 0;
  if (values.json === true) {
    io.stdout(`${JSON.stringify({ bench: 'replay', nodes: nodesFile, pods: podsFile, mode, repeat, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter, schedulers: rows })}\n`);
    return EXIT.held;
  }
  io.stdout(`replay of ${pods.length} pods on ${nodes.length} nodes, ${mode} mode, median of ${repeat} per scheduler (file reading excluded; every decision checked, each call twice); 1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after:\n`);
  for (const row of rows) {
    io.stdout(
      `  ${row.scheduler.padEnd(24)} ${row.medianSeconds.toFixed(2).padStart(7)} s  (runs ${row.runsSeconds.join(', ')})  unallocated ${row.gpusUnallocated.toFixed(1)} GPUs (${(row.unallocatedShare * 100).toFixed(2)}%), fragmented ${row.gpusFragmented.toFixed(1)} (${(row.fragmentedShare * 100).toFixed(2)}%), not placed ${row.podsNotPlaced}${row.violation === null ? '' : `; broke ${row.violation}`}\n`,
    );
  }
  return EXIT.held;
}
