import { BUILTIN_SCHEDULERS } from '../impl/schedulers/builtin-schedulers.js';
import { FaultlineError } from '../model/faultline-error.js';
import { compareSchedulers, type SchedulerComparison } from '../properties/scheduler/compare-schedulers.js';
import { readOpenbNodes } from '../properties/scheduler/openb-nodes.js';
import { readOpenbPods } from '../properties/scheduler/openb-pods.js';
import { formatQualityFigure, QUALITY_FIGURE_LABELS } from '../properties/scheduler/quality-figure-labels.js';
import { renderReplayHtml } from '../properties/scheduler/render-replay-html.js';
import { replaySchedulersOnTrace, type TraceReplayRow } from '../properties/scheduler/replay-schedulers-on-trace.js';
import { resolveSchedulerSource } from '../properties/scheduler/resolve-scheduler.js';
import { TRACE_FIGURE_COLUMNS } from '../properties/scheduler/trace-figure-columns.js';
import type { FillArrivals, ReplayMode } from '../properties/scheduler/trace-workload.js';
import { checkOutputFile, writeNewFileAtomic } from '../traces/write-new-file.js';
import { exitAfterOutputFailure, writeAfterRun } from './after-run-output.js';
import { alignedTable } from './aligned-table.js';
import { EXIT, type CliIo } from './cli-io.js';
import { choiceOption, intOption, parseOptions } from './parse-options.js';

/** The seeded check behind the plain listing: short enough to run every time, long enough to catch the unsafe ports. */
const LISTING_SEED = 1;
const LISTING_WORKLOADS = 50;

/** "held 50/50", or "broke conservation, held 12/50": the count is always of workloads that held. */
function verdict(row: SchedulerComparison['rows'][number], workloads: number): string {
  return row.firstViolation === undefined ? `held ${row.held}/${workloads}` : `broke ${row.firstViolation}, held ${row.held}/${workloads}`;
}

function comparisonTable(comparison: SchedulerComparison): string {
  const header = ['scheduler', 'verdict', ...QUALITY_FIGURE_LABELS.map((f) => f.column)];
  const rows = comparison.rows.map((row) => [
    row.name,
    verdict(row, comparison.workloads),
    ...QUALITY_FIGURE_LABELS.map(({ key }) => (row.quality === undefined ? '-' : formatQualityFigure(key, row.quality[key]))),
  ]);
  return [`seed ${comparison.seed}, ${comparison.workloads} workloads; figures averaged over the workloads each scheduler held`, ...alignedTable(header, rows, 2), ''].join('\n');
}

function replayTable(rows: readonly TraceReplayRow[], title: string): string {
  return [title, ...alignedTable(TRACE_FIGURE_COLUMNS.map((c) => c.header), rows.map((row) => TRACE_FIGURE_COLUMNS.map((c) => c.cell(row))), 2), ''].join('\n');
}

function replayJson(rows: readonly TraceReplayRow[], context: Record<string, unknown>): string {
  return `${JSON.stringify({
    ...context,
    schedulers: rows.map((row) => {
      const { series, ...figures } = row.figures;
      return { name: row.name, argument: row.argument, violation: row.violation ?? null, durationMs: Math.round(row.durationMs), ...figures, series };
    }),
  })}\n`;
}

/**
 * `faultline schedulers [--compare] [--json] [--seed N] [--workloads N]`
 * `faultline schedulers --compare --nodes NODES.csv --pods PODS.csv [--mode fill|replay] [--fill-to PERCENT] [--shuffle] [--seed N] [--scheduler NAME|PATH]... [--html FILE] [--json]`:
 * lists the built-in scheduler variants with the verdict of a short seeded
 * check run now; with --compare, runs them all on the same generated
 * workloads and prints their quality figures; with a trace, replays it
 * against each of them (or the schedulers named; --compare may be left out) with every law checked at
 * every decision, and prints allocation, fragmentation, pods not placed and
 * placement time per pod. Exits 1 only when a scheduler named with
 * --scheduler broke a property.
 */
export async function schedulersCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(
    'schedulers',
    args,
    {
      compare: { type: 'boolean' },
      json: { type: 'boolean' },
      seed: { type: 'string' },
      workloads: { type: 'string' },
      nodes: { type: 'string' },
      pods: { type: 'string' },
      mode: { type: 'string' },
      scheduler: { type: 'string', multiple: true },
      html: { type: 'string' },
      'fill-to': { type: 'string' },
      shuffle: { type: 'boolean' },
    },
    { min: 0, max: 0, name: 'arguments' },
  );
  const traceGiven = values.nodes !== undefined || values.pods !== undefined;
  if (traceGiven || values.mode !== undefined || values.html !== undefined || values.scheduler !== undefined || values['fill-to'] !== undefined || values.shuffle !== undefined) {
    // A trace replay is a comparison in itself, so --compare may be left out (as DESIGN.md writes the command).
    if (values.nodes === undefined || values.pods === undefined) {
      throw new FaultlineError('usage', 'schedulers: a trace replay takes --nodes NODES.csv --pods PODS.csv (with --mode, --fill-to, --shuffle, --scheduler and --html)');
    }
    if (values.workloads !== undefined) throw new FaultlineError('usage', 'schedulers: --workloads sets how many generated workloads --compare runs; a trace replay runs the trace');
    if (values.seed !== undefined && values['fill-to'] === undefined && values.shuffle !== true) {
      throw new FaultlineError('usage', 'schedulers: --seed applies to a trace replay only with --fill-to or --shuffle');
    }
    const mode = choiceOption<ReplayMode>('mode', values.mode, ['fill', 'replay'], 'fill');
    const fill = fillArrivalsOption(mode, values['fill-to'], values.shuffle, values.seed);
    return compareOnTrace({ nodesFile: values.nodes, podsFile: values.pods, mode, fill, named: values.scheduler, html: values.html, json: values.json === true }, io);
  }
  if (!values.compare) {
    // The listing's verdicts come from a fixed check; a seed or a workload count would be ignored.
    const ignored = (['seed', 'workloads'] as const).find((option) => values[option] !== undefined);
    if (ignored !== undefined) throw new FaultlineError('usage', `schedulers: --${ignored} applies to --compare; the plain listing runs a fixed check`);
    const comparison = await compareSchedulers({ seed: LISTING_SEED, workloads: LISTING_WORKLOADS });
    const list = comparison.rows.map((row) => ({ name: row.name, description: row.description, held: row.held, violation: row.firstViolation ?? null }));
    if (values.json) {
      io.stdout(`${JSON.stringify({ seed: comparison.seed, workloads: comparison.workloads, schedulers: list })}\n`);
    } else {
      const width = Math.max(...list.map((s) => s.name.length));
      const verdicts = comparison.rows.map((row) => verdict(row, comparison.workloads));
      const verdictWidth = Math.max(...verdicts.map((v) => v.length));
      list.forEach((s, i) => io.stdout(`${s.name.padEnd(width)}  ${(verdicts[i] ?? '').padEnd(verdictWidth)}  ${s.description}\n`));
      io.stdout(`(verdicts of a check run just now on ${comparison.workloads} generated workloads, seed ${comparison.seed}; faultline schedulers --compare for figures)\n`);
    }
    return EXIT.held;
  }
  const seed = intOption('seed', values.seed, 1, 0, 2 ** 31 - 1);
  const workloads = intOption('workloads', values.workloads, 200, 1, 100_000);
  const comparison = await compareSchedulers({ seed, workloads });
  if (values.json) {
    io.stdout(
      `${JSON.stringify({
        seed: comparison.seed,
        workloads: comparison.workloads,
        schedulers: comparison.rows.map((row) => ({ name: row.name, held: row.held, violation: row.firstViolation ?? null, quality: row.quality ?? null })),
      })}\n`,
    );
  } else {
    io.stdout(comparisonTable(comparison));
  }
  return EXIT.held;
}

/** `--fill-to PERCENT`, `--shuffle` and `--seed N`, for fill mode only; undefined when none is given. */
export function fillArrivalsOption(mode: ReplayMode, fillTo: string | undefined, shuffle: boolean | undefined, seed: string | undefined): FillArrivals | undefined {
  if (fillTo === undefined && shuffle !== true) return undefined;
  if (mode !== 'fill') throw new FaultlineError('usage', '--fill-to and --shuffle shape the arrivals of --mode fill only');
  return { fillToPercent: fillTo === undefined ? undefined : intOption('fill-to', fillTo, 100, 1, 1000), shuffled: shuffle === true, seed: intOption('seed', seed, 1, 0, 2 ** 31 - 1) };
}

interface TraceCompareOptions {
  readonly nodesFile: string;
  readonly podsFile: string;
  readonly mode: ReplayMode;
  readonly fill: FillArrivals | undefined;
  readonly named: readonly string[] | undefined;
  readonly html: string | undefined;
  readonly json: boolean;
}

/** "filled to 130% of GPU capacity, shuffled, seed 42". */
export function describeFill(fill: FillArrivals): string {
  const parts = [fill.fillToPercent === undefined ? 'no extra pods' : `extra pods drawn up to ${fill.fillToPercent}% of GPU capacity`, fill.shuffled === true ? 'shuffled' : 'in creation order'];
  return `${parts.join(', ')}, seed ${fill.seed}`;
}

async function compareOnTrace(options: TraceCompareOptions, io: CliIo): Promise<number> {
  // Everything a user named is checked before the long replay starts, so bad input is one line and nothing else.
  const nodes = readOpenbNodes(options.nodesFile);
  const pods = readOpenbPods(options.podsFile);
  for (const argument of options.named ?? []) resolveSchedulerSource(argument);
  if (options.html !== undefined) checkOutputFile(options.html);
  const schedulers = options.named ?? BUILTIN_SCHEDULERS.map((s) => s.name);
  const rows = await replaySchedulersOnTrace({
    nodes,
    pods,
    mode: options.mode,
    fill: options.fill,
    schedulers,
    onStart: (scheduler) => io.stderr(`replaying ${pods.length} pods${options.fill === undefined ? '' : ` (${describeFill(options.fill)})`} on ${nodes.length} nodes (${options.mode}) with ${scheduler}\n`),
  });
  // The page is written once the figures are known; if it cannot be, they are printed all the same.
  const arrivalsText = options.fill === undefined ? undefined : describeFill(options.fill);
  const html =
    options.html !== undefined && writeAfterRun(io, () => writeNewFileAtomic(options.html!, renderReplayHtml({ nodesFile: options.nodesFile, podsFile: options.podsFile, mode: options.mode, arrivals: arrivalsText, rows })))
      ? options.html
      : undefined;
  const context = { nodes: options.nodesFile, pods: options.podsFile, mode: options.mode, ...(options.fill === undefined ? {} : { fill: options.fill }), ...(html === undefined ? {} : { html }) };
  if (options.json) io.stdout(replayJson(rows, context));
  else {
    const arrivals = options.fill === undefined ? '' : ` (${describeFill(options.fill)})`;
    io.stdout(replayTable(rows, `${pods.length} pods of ${options.podsFile}${arrivals} on ${nodes.length} nodes of ${options.nodesFile}, ${options.mode} mode; every decision checked for conservation and termination`));
    if (html !== undefined) io.stdout(`plots: ${html}\n`);
  }
  const namedBroke = options.named !== undefined && rows.some((row) => row.violation !== undefined);
  return exitAfterOutputFailure(namedBroke ? EXIT.violated : EXIT.held, options.html !== undefined && html === undefined);
}
