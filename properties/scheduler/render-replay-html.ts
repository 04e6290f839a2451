import { escapeHtml } from '../../traces/escape-html.js';
import type { TraceSample } from './trace-figures.js';
import type { TraceReplayRow } from './replay-schedulers-on-trace.js';
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
const WIDTH = 640;
const HEIGHT = 320;
const MARGIN = { left: 56, right: 16, top: 16, bottom: 44 };

/** Round tick values for an axis from 0 to `max`. */
function ticks(max: number): readonly number[] {
  const step = [0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5].find((s) => max / s <= 8) ?? Math.ceil(max / 8);
  const values: number[] = [];
  for (let v = 0; v <= max + 1e-9; v += step) values.push(Math.round(v * 1000) / 1000);
  return values;
}

/**
 * One line chart as inline SVG: a line per scheduler of `y(sample)` against
 * the GPU demand arrived, both in percent, with axes, grid and a legend.
 */
function chart(title: string, rows: readonly TraceReplayRow[], y: (s: TraceSample) => number, yMax: number): string {
  const xMax = Math.max(0.01, ...rows.flatMap((r) => r.figures.series.map((s) => s.arrivedGpu)));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number) => MARGIN.left + (x / xMax) * plotW;
  const py = (v: number) => MARGIN.top + plotH - (Math.min(v, yMax) / yMax) * plotH;
  const parts: string[] = [];
  for (const t of ticks(xMax)) {
    parts.push(`<line x1="${px(t).toFixed(1)}" y1="${MARGIN.top}" x2="${px(t).toFixed(1)}" y2="${MARGIN.top + plotH}" class="grid"/>`);
    parts.push(`<text x="${px(t).toFixed(1)}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${Math.round(t * 100)}%</text>`);
  }
  for (const t of ticks(yMax)) {
    parts.push(`<line x1="${MARGIN.left}" y1="${py(t).toFixed(1)}" x2="${MARGIN.left + plotW}" y2="${py(t).toFixed(1)}" class="grid"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${(py(t) + 4).toFixed(1)}" text-anchor="end">${Math.round(t * 100)}%</text>`);
  }
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" class="frame"/>`);
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 6}" text-anchor="middle">GPU demand arrived, % of GPU capacity</text>`);
  rows.forEach((row, i) => {
    const points = row.figures.series.map((s) => `${px(s.arrivedGpu).toFixed(1)},${py(y(s)).toFixed(1)}`).join(' ');
    // Every other line is dashed, so that two policies that decide alike (first-fit and drf on a one-tenant trace) both stay visible.
    const dash = i % 2 === 1 ? ' stroke-dasharray="7 4"' : '';
    parts.push(`<polyline points="${points}" fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="2"${dash}><title>${escapeHtml(row.name)}</title></polyline>`);
  });
  const legend = rows
    .map((row, i) => `<span class="key"><span class="swatch${i % 2 === 1 ? ' dashed' : ''}" style="--c:${COLORS[i % COLORS.length]}"></span>${escapeHtml(row.name)}${row.violation === undefined ? '' : ` (stopped: ${escapeHtml(row.violation.property)} at ${escapeHtml(row.violation.pod)})`}</span>`)
    .join(' ');
  return `<figure><figcaption>${escapeHtml(title)}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(title)}">${parts.join('')}</svg>
<div class="legend">${legend}</div></figure>`;
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
figure{display:inline-block;margin:0 1.5em 1.5em 0;vertical-align:top}figcaption{font-weight:600;margin-bottom:.3em}
svg text{font:11px system-ui,sans-serif;fill:#444}.grid{stroke:#e5e5e5}.frame{fill:none;stroke:#999}
.legend{font-size:12px}.key{margin-right:1em;white-space:nowrap}.swatch{display:inline-block;width:14px;height:3px;margin-right:4px;vertical-align:middle;background:var(--c)}
.swatch.dashed{background:repeating-linear-gradient(90deg,var(--c) 0 5px,transparent 5px 8px)}
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
