import { BUILTIN_SCHEDULERS } from '../impl/schedulers/builtin-schedulers.js';
import { compareSchedulers, type SchedulerComparison } from '../properties/scheduler/compare-schedulers.js';
import { formatQualityFigure, QUALITY_FIGURE_LABELS } from '../properties/scheduler/quality-figure-labels.js';
import { EXIT, type CliIo } from './cli-io.js';
import { intOption, parseOptions } from './parse-options.js';

function comparisonTable(comparison: SchedulerComparison): string {
  const header = ['scheduler', 'verdict', ...QUALITY_FIGURE_LABELS.map((f) => f.column)];
  const rows = comparison.rows.map((row) => [
    row.name,
    // The count is always of workloads that held; a violated property is named first so the table reads "broke X, held n of N".
    row.firstViolation === undefined ? `held ${row.held}/${comparison.workloads}` : `broke ${row.firstViolation}, held ${row.held}/${comparison.workloads}`,
    ...QUALITY_FIGURE_LABELS.map(({ key }) => (row.quality === undefined ? '-' : formatQualityFigure(key, row.quality[key]))),
  ]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [
    `seed ${comparison.seed}, ${comparison.workloads} workloads; figures averaged over the workloads each scheduler held`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
  ].join('\n');
}

/**
 * `faultline schedulers [--compare] [--json] [--seed N] [--workloads N]`:
 * lists the built-in scheduler variants, or, with --compare, runs them all
 * on the same generated workloads and prints their quality figures.
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
    },
    { min: 0, max: 0, name: 'arguments' },
  );
  if (!values.compare) {
    const list = BUILTIN_SCHEDULERS.map(({ scheduler, expected }) => ({ name: scheduler.name, description: scheduler.description, expected }));
    if (values.json) {
      io.stdout(`${JSON.stringify({ schedulers: list })}\n`);
    } else {
      const width = Math.max(...list.map((s) => s.name.length));
      for (const s of list) io.stdout(`${s.name.padEnd(width)}  ${s.expected === 'holds' ? 'safe  ' : 'unsafe'}  ${s.description}\n`);
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
        schedulers: comparison.rows.map((row) => ({
          name: row.name,
          held: row.held,
          violation: row.firstViolation ?? null,
          quality: row.quality ?? null,
        })),
      })}\n`,
    );
  } else {
    io.stdout(comparisonTable(comparison));
  }
  return EXIT.held;
}
