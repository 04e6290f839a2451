import type { TraceSample } from './trace-figures.js';
import type { TraceReplayRow } from './replay-schedulers-on-trace.js';
import { escapeHtml } from '../html/escape-html.js';
import { LINE_CHART_CSS, lineChartSvg } from '../html/line-chart-svg.js';
import { TRACE_FIGURE_COLUMNS } from './trace-figure-columns.js';

export interface ReplayHtmlInput {
  readonly nodesFile: string;
  readonly podsFile: string;
  readonly mode: string;
  /** How the pods arrived, when not simply the list in creation order. */
  readonly arrivals?: string | undefined;
  readonly rows: readonly TraceReplayRow[];
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

const percent = (value: number) => `${Math.round(value * 100)}%`;

/** A line chart of `y(sample)` per scheduler against the GPU demand arrived, both in percent. */
function chart(title: string, rows: readonly TraceReplayRow[], y: (s: TraceSample) => number, yMax: number): string {
  return lineChartSvg({
    title,
    xLabel: 'GPU demand arrived, % of GPU capacity',
    xMax: Math.max(0.01, ...rows.flatMap((r) => r.figures.series.map((s) => s.arrivedGpu))),
    yMax,
    xTick: percent,
    yTick: percent,
    // Every other line is dashed, so that two policies that decide alike (first-fit and drf on a one-tenant trace) both stay visible.
    series: rows.map((row, i) => ({
      label: `${row.name}${row.violation === undefined ? '' : ` (stopped: ${row.violation.property} at ${row.violation.pod})`}`,
      color: COLORS[i % COLORS.length]!,
      dashed: i % 2 === 1,
      points: row.figures.series.map((s) => ({ x: s.arrivedGpu, y: y(s) })),
    })),
  });
}

/**
 * One self-contained page (no scripts, nothing fetched) with the figures of
 * a trace replay: the table of every policy, and line charts of GPU
 * allocation and fragmentation against the GPU demand that has arrived.
 */
export function renderReplayHtml(input: ReplayHtmlInput): string {
  const header = TRACE_FIGURE_COLUMNS.map((c) => `<th>${escapeHtml(c.header)}</th>`).join('');
  const body = input.rows.map((row) => `<tr>${TRACE_FIGURE_COLUMNS.map((c, i) => `<td${i < 2 ? ' class="name"' : ''}>${escapeHtml(c.cell(row))}</td>`).join('')}</tr>`).join('\n');
  const fragMax = Math.max(0.05, ...input.rows.flatMap((r) => r.figures.series.map((s) => s.fragmentedOfCapacity)));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>faultline schedulers: ${escapeHtml(input.podsFile)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;max-width:1100px}
h1{font-size:1.3em}table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}
td.name{text-align:left}th{background:#f2f2f2}
${LINE_CHART_CSS}
p.note{color:#555;max-width:60em}
</style></head><body>
<h1>Trace replay: ${escapeHtml(input.podsFile)} on ${escapeHtml(input.nodesFile)} (${escapeHtml(input.mode)} mode${input.arrivals === undefined ? '' : `, ${escapeHtml(input.arrivals)}`})</h1>
<p class="note">Every decision was checked for conservation (per resource and per GPU device) and termination before it was applied; a scheduler that broke a law stops at that pod. Fragmentation is the expected free GPU that a request drawn from the pod list's own mix of request shapes could not use.</p>
<table><thead><tr>${header}</tr></thead><tbody>
${body}
</tbody></table>
${chart('GPU allocation', input.rows, (s) => s.allocatedGpu, 1)}
${chart('Fragmented GPU, % of GPU capacity', input.rows, (s) => s.fragmentedOfCapacity, Math.min(1, fragMax * 1.1))}
${chart('Fragmentation, % of free GPU', input.rows, (s) => s.fragmentation, 1)}
</body></html>
`;
}
