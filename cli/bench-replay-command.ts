import { loadavg } from 'node:os';
import { BUILTIN_SCHEDULERS } from '../impl/schedulers/builtin-schedulers.js';
import { readOpenbNodes } from '../properties/scheduler/openb-nodes.js';
import { readOpenbPods } from '../properties/scheduler/openb-pods.js';
import { replaySchedulersOnTrace, type TraceReplayRow } from '../properties/scheduler/replay-schedulers-on-trace.js';
import { resolveSchedulerSource } from '../properties/scheduler/resolve-scheduler.js';
import type { ReplayMode } from '../properties/scheduler/trace-workload.js';
import { EXIT, type CliIo } from './cli-io.js';
import { choiceOption, intOption, parseOptions } from './parse-options.js';
import { describeFill, fillArrivalsOption } from './schedulers-command.js';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const mean = (values: readonly number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

/** Unallocated and fragmented GPU (shares of capacity) when arrivals first reach `arrived`, or at the end if they never do. */
function atArrived(row: TraceReplayRow, arrived: number): { unallocated: number; fragmented: number } {
  const sample = row.figures.series.find((s) => s.arrivedGpu >= arrived) ?? row.figures.final;
  return { unallocated: 1 - sample.allocatedGpu, fragmented: sample.fragmentedOfCapacity };
}

const pct = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;

/**
 * `faultline bench replay [--nodes NODES.csv] [--pods PODS.csv] [--mode fill|replay] [--fill-to PERCENT] [--shuffle] [--seed N] [--scheduler NAME|PATH]... [--repeat N] [--json]`:
 * the wall time of replaying a trace per scheduler (reading the files
 * excluded; every decision checked, each call made twice, as in
 * `schedulers --compare`), the median of N replays, with the load average
 * before and after, and the unallocated and fragmented GPU each policy left,
 * at the end and when arrivals reached 100% of GPU capacity. With drawn or
 * shuffled arrivals, repetition i uses seed N+i and the figures are means.
 */
export async function benchReplayCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(
    'bench replay',
    args,
    {
      nodes: { type: 'string' },
      pods: { type: 'string' },
      mode: { type: 'string' },
      'fill-to': { type: 'string' },
      shuffle: { type: 'boolean' },
      seed: { type: 'string' },
      scheduler: { type: 'string', multiple: true },
      repeat: { type: 'string' },
      json: { type: 'boolean' },
    } as const,
    { min: 0, max: 0, name: 'argument' },
  );
  const nodesFile = values.nodes ?? '../shared/workloads/openb/openb_node_list_all_node.csv';
  const podsFile = values.pods ?? '../shared/workloads/openb/openb_pod_list_default.csv';
  const mode = choiceOption<ReplayMode>('mode', values.mode, ['fill', 'replay'], 'fill');
  const fill = fillArrivalsOption(mode, values['fill-to'], values.shuffle, values.seed);
  const repeat = intOption('repeat', values.repeat, 3, 1, 50);
  const nodes = readOpenbNodes(nodesFile);
  const pods = readOpenbPods(podsFile);
  const schedulers = values.scheduler ?? BUILTIN_SCHEDULERS.map((s) => s.name).filter((name) => !name.startsWith('origin-'));
  for (const argument of schedulers) resolveSchedulerSource(argument);
  const loadBefore = loadavg()[0] ?? 0;
  const rows = [];
  for (const scheduler of schedulers) {
    const runs: TraceReplayRow[] = [];
    for (let i = 0; i < repeat; i++) {
      const arrivals = fill === undefined ? undefined : { ...fill, seed: fill.seed + i };
      runs.push(...(await replaySchedulersOnTrace({ nodes, pods, mode, fill: arrivals, schedulers: [scheduler] })));
    }
    const at100 = runs.map((r) => atArrived(r, 1));
    rows.push({
      scheduler: runs[0]?.name ?? scheduler,
      medianSeconds: median(runs.map((r) => r.durationMs / 1000)),
      runsSeconds: runs.map((r) => Math.round(r.durationMs) / 1000),
      violation: runs.find((r) => r.violation !== undefined)?.violation?.property ?? null,
      podsArrived: mean(runs.map((r) => r.figures.podsArrived)),
      podsNotPlaced: mean(runs.map((r) => r.figures.podsNotPlaced)),
      gpusUnallocated: mean(runs.map((r) => r.figures.gpusUnallocated)),
      gpusFragmented: mean(runs.map((r) => r.figures.gpusFragmented)),
      unallocatedShare: mean(runs.map((r) => r.figures.gpusUnallocated / r.figures.gpuCapacity)),
      fragmentedShare: mean(runs.map((r) => r.figures.final.fragmentedOfCapacity)),
      arrivedShare: mean(runs.map((r) => r.figures.final.arrivedGpu)),
      unallocatedAt100: mean(at100.map((a) => a.unallocated)),
      fragmentedAt100: mean(at100.map((a) => a.fragmented)),
    });
  }
  const loadAfter = loadavg()[0] ?? 0;
  if (values.json === true) {
    io.stdout(`${JSON.stringify({ bench: 'replay', nodes: nodesFile, pods: podsFile, mode, fill: fill ?? null, repeat, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter, schedulers: rows })}\n`);
    return EXIT.held;
  }
  const arrivals = fill === undefined ? '' : `, ${describeFill(fill)}${repeat > 1 ? ` (+i for repetition i; figures are means)` : ''}`;
  io.stdout(`replay of ${pods.length} pods on ${nodes.length} nodes, ${mode} mode${arrivals}, median time of ${repeat} per scheduler (file reading excluded; every decision checked, each call twice); 1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after:\n`);
  for (const row of rows) {
    io.stdout(
      `  ${row.scheduler.padEnd(24)} ${row.medianSeconds.toFixed(2).padStart(7)} s  (runs ${row.runsSeconds.join(', ')})\n` +
        `  ${''.padEnd(24)} at the end (${pct(row.arrivedShare)} of GPU capacity arrived): unallocated ${row.gpusUnallocated.toFixed(1)} GPUs (${pct(row.unallocatedShare)}), fragmented ${row.gpusFragmented.toFixed(1)} (${pct(row.fragmentedShare)}), not placed ${row.podsNotPlaced.toFixed(1)} of ${row.podsArrived.toFixed(0)} pods\n` +
        `  ${''.padEnd(24)} at 100% arrived (or the end): unallocated ${pct(row.unallocatedAt100)}, fragmented ${pct(row.fragmentedAt100)}${row.violation === null ? '' : `; broke ${row.violation}`}\n`,
    );
  }
  return EXIT.held;
}
