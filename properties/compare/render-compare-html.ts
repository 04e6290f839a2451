import { escapeHtml } from '../html/escape-html.js';
import { LINE_CHART_CSS, lineChartSvg, type ChartBand, type ChartSeries } from '../html/line-chart-svg.js';
import type { Comparison } from './compare-clusters.js';
import type { TickQuantiles, TimeBucket } from './summarize-comparison.js';
import { casesOf, comparisonNotes } from './comparison-notes.js';
import { comparisonRows } from './comparison-rows.js';

const CLUSTER_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e'];
const PARTITION_COLOR = '#6a3d9a';
const CRASH_COLOR = '#b15928';
/** The opacity of a bucket where faults were in force in the most cases. */
const FULL_SHADE = 0.4;

const percent = (value: number) => `${Math.round(value * 100)}%`;

/**
 * The fault shading of every chart: each bucket as dark as the share of
 * cases with a partition (or a crashed node) in it, the darkest bucket of
 * each kind at full shade, so that rare faults still show; the legend says
 * what full shade stands for.
 */
function faultShading(comparison: Comparison): { bands: ChartBand[]; keys: { label: string; color: string }[] } {
  const kinds = [
    { color: PARTITION_COLOR, what: 'a partition', share: (bucket: TimeBucket) => bucket.partitionShare },
    { color: CRASH_COLOR, what: 'a node down after a crash', share: (bucket: TimeBucket) => bucket.crashedShare },
  ];
  const bands: ChartBand[] = [];
  const keys: { label: string; color: string }[] = [];
  for (const { color, what, share } of kinds) {
    const most = Math.max(0, ...comparison.buckets.map(share));
    if (most === 0) continue;
    keys.push({ label: `${what} (darkest: in ${percent(most)} of cases)`, color });
    for (const bucket of comparison.buckets) {
      bands.push({ fromX: bucket.fromTick, toX: bucket.toTick, color, opacity: FULL_SHADE * (share(bucket) / most), title: `ticks ${bucket.fromTick}–${bucket.toTick}: ${what} in ${percent(share(bucket))} of cases` });
    }
  }
  return { bands, keys };
}

/** The charts' common frame: time over the run, faults shaded, the heal marked. */
function timeChart(comparison: Comparison, title: string, y: { min: number; max: number; tick: (value: number) => string }, series: ChartSeries[]): string {
  const { method } = comparison;
  const shading = faultShading(comparison);
  return lineChartSvg({
    title,
    xLabel: `tick the request was made at (buckets of ${method.bucketTicks}, over ${casesOf(method.cases)})`,
    xMax: method.runTicks,
    yMin: y.min,
    yMax: y.max,
    xTick: (value) => String(value),
    yTick: y.tick,
    series,
    bands: shading.bands,
    markers: [{ x: method.faultPhaseTicks, label: 'heal' }],
    bandKeys: shading.keys,
  });
}

function bucketPoints(comparison: Comparison, index: number, y: (bucket: Comparison['series'][number]['buckets'][number]) => number | null) {
  return comparison.series[index]!.buckets.map((bucket, b) => ({ x: (comparison.buckets[b]!.fromTick + comparison.buckets[b]!.toTick) / 2, y: y(bucket) }));
}

/**
 * One self-contained page (no scripts, nothing fetched; SVG drawn by
 * faultline) with the comparison's table, its method, and plots of
 * availability and latency over the run's time with the faults shaded.
 */
export function renderCompareHtml(comparison: Comparison): string {
  const { method } = comparison;
  const names = comparison.clusters.map((figures) => figures.cluster);
  const header = ['figure', ...names].map((cell) => `<th>${escapeHtml(cell)}</th>`).join('');
  const body = comparisonRows(comparison)
    .map((row) => `<tr><td class="name${row.indent ? ' sub' : ''}">${escapeHtml(row.label)}</td>${row.cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  const color = (index: number) => CLUSTER_COLORS[index % CLUSTER_COLORS.length]!;
  const availability = names.map((name, index) => ({ label: name, color: color(index), points: bucketPoints(comparison, index, (bucket) => bucket.availability.share) }));
  const latency = (pick: (quantiles: TickQuantiles) => number | null) =>
    names.map((name, index) => ({ label: name, color: color(index), points: bucketPoints(comparison, index, (bucket) => pick(bucket.latencyTicks)) }));
  const highest = (pick: (quantiles: TickQuantiles) => number | null) => Math.max(10, ...comparison.series.flatMap((s) => s.buckets.map((bucket) => pick(bucket.latencyTicks) ?? 0))) * 1.05;
  const lowestShare = Math.min(1, ...comparison.series.flatMap((s) => s.buckets.map((bucket) => bucket.availability.share ?? 1)));
  // The floor is a round 10% below the lowest share, so that lines near 100% do not merge into the frame.
  const floor = Math.max(0, Math.floor((lowestShare - 0.05) * 10) / 10);
  const ticks = { min: 0, tick: (value: number) => String(value) };
  const notes = comparisonNotes(comparison).map((note) => `<p class="note">${escapeHtml(note)}</p>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>faultline compare: ${escapeHtml(names.join(' vs '))}, seed ${method.seed}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;max-width:1400px}
h1{font-size:1.3em}table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}
td.name{text-align:left}td.sub{padding-left:1.6em;color:#444}th{background:#f2f2f2}
${LINE_CHART_CSS}
p.note{color:#555;max-width:60em;margin:.4em 0}
</style></head><body>
<h1>${escapeHtml(names.join(' vs '))}: ${casesOf(method.cases)} of ${method.nodeCount} nodes, seed ${method.seed}</h1>
<table><thead><tr>${header}</tr></thead><tbody>
${body}
</tbody></table>
${timeChart(comparison, 'Requests answered before the client gave up', { min: floor, max: 1, tick: percent }, availability)}
${timeChart(comparison, 'Latency of answered requests, median, ticks', { ...ticks, max: highest((q) => q.median) }, latency((q) => q.median))}
${timeChart(comparison, 'Latency of answered requests, p99, ticks', { ...ticks, max: highest((q) => q.p99) }, latency((q) => q.p99))}
<p class="note">Requests are bucketed by the tick they were made at, over every case; a gap is a bucket where no request ended. The shading of a bucket is as dark as the share of cases with a partition (or a node down after a crash) in it, the darkest bucket of each kind at full shade; nodes that left stay gone and are not shaded. The dashed line marks the heal, after which no fault strikes.</p>
${notes}
</body></html>
`;
}
