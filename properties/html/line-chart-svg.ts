import { escapeHtml } from './escape-html.js';

/** One line of a chart. A point whose `y` is null breaks the line there (a bucket with nothing to show). */
export interface ChartSeries {
  /** The legend's text for the line. */
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
  readonly points: readonly { readonly x: number; readonly y: number | null }[];
}

/** A shaded stretch of the x axis (a fault period), as dark as `opacity`. */
export interface ChartBand {
  readonly fromX: number;
  readonly toX: number;
  readonly color: string;
  readonly opacity: number;
  readonly title: string;
}

export interface LineChart {
  readonly title: string;
  readonly xLabel: string;
  readonly xMax: number;
  /** The bottom of the y axis (0 when absent): a share that stays near 100% reads better from a higher floor. */
  readonly yMin?: number;
  readonly yMax: number;
  readonly xTick: (value: number) => string;
  readonly yTick: (value: number) => string;
  readonly series: readonly ChartSeries[];
  readonly bands?: readonly ChartBand[];
  /** Vertical lines at notable points of the x axis, labelled. */
  readonly markers?: readonly { readonly x: number; readonly label: string }[];
  /** Swatches explaining the bands, after the lines' in the legend. */
  readonly bandKeys?: readonly { readonly label: string; readonly color: string }[];
}

const WIDTH = 640;
const HEIGHT = 320;
const MARGIN = { left: 56, right: 16, top: 16, bottom: 44 };

/** The styles the charts of `lineChartSvg` need, for a page's `<style>`. */
export const LINE_CHART_CSS = `figure{display:inline-block;margin:0 1.5em 1.5em 0;vertical-align:top}figcaption{font-weight:600;margin-bottom:.3em}
svg text{font:11px system-ui,sans-serif;fill:#444}.grid{stroke:#e5e5e5}.frame{fill:none;stroke:#999}
.legend{font-size:12px}.key{margin-right:1em;white-space:nowrap}.swatch{display:inline-block;width:14px;height:3px;margin-right:4px;vertical-align:middle;background:var(--c)}
.swatch.dashed{background:repeating-linear-gradient(90deg,var(--c) 0 5px,transparent 5px 8px)}.swatch.band{height:10px;opacity:.45}`;

/** Round values for an axis from 0 to `max`: a step of 1, 2 or 5 times a power of ten, at most 8 steps. */
export function axisTicks(max: number): readonly number[] {
  let step = 10 ** Math.floor(Math.log10(Math.max(max, 1e-9) / 8));
  for (const factor of [1, 2, 5, 10]) {
    if (max / (step * factor) <= 8) {
      step *= factor;
      break;
    }
  }
  const values: number[] = [];
  for (let index = 0; index * step <= max + 1e-9; index++) values.push(Math.round(index * step * 1e6) / 1e6);
  return values;
}

/**
 * One line chart as inline SVG, drawn by faultline (no scripts, nothing
 * fetched): axes with round ticks, a grid, shaded bands, markers and a line
 * per series, in a figure with its caption and legend.
 */
export function lineChartSvg(chart: LineChart): string {
  const { xMax, yMax } = chart;
  const yMin = chart.yMin ?? 0;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number) => MARGIN.left + (Math.min(x, xMax) / xMax) * plotW;
  const py = (v: number) => MARGIN.top + plotH - ((Math.max(yMin, Math.min(v, yMax)) - yMin) / (yMax - yMin)) * plotH;
  const parts: string[] = [];
  for (const band of chart.bands ?? []) {
    if (band.opacity <= 0 || band.toX <= band.fromX) continue;
    const x = px(band.fromX);
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${MARGIN.top}" width="${(px(band.toX) - x).toFixed(1)}" height="${plotH}" fill="${band.color}" fill-opacity="${band.opacity.toFixed(3)}" class="band"><title>${escapeHtml(band.title)}</title></rect>`,
    );
  }
  for (const t of axisTicks(xMax)) {
    parts.push(`<line x1="${px(t).toFixed(1)}" y1="${MARGIN.top}" x2="${px(t).toFixed(1)}" y2="${MARGIN.top + plotH}" class="grid"/>`);
    parts.push(`<text x="${px(t).toFixed(1)}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${escapeHtml(chart.xTick(t))}</text>`);
  }
  for (const t of axisTicks(yMax - yMin).map((offset) => Math.round((yMin + offset) * 1e6) / 1e6)) {
    parts.push(`<line x1="${MARGIN.left}" y1="${py(t).toFixed(1)}" x2="${MARGIN.left + plotW}" y2="${py(t).toFixed(1)}" class="grid"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${(py(t) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(chart.yTick(t))}</text>`);
  }
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" class="frame"/>`);
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 6}" text-anchor="middle">${escapeHtml(chart.xLabel)}</text>`);
  for (const marker of chart.markers ?? []) {
    const x = px(marker.x).toFixed(1);
    parts.push(`<line x1="${x}" y1="${MARGIN.top}" x2="${x}" y2="${MARGIN.top + plotH}" stroke="#555" stroke-dasharray="3 3" class="marker"/>`);
    parts.push(`<text x="${(px(marker.x) + 4).toFixed(1)}" y="${MARGIN.top + 12}">${escapeHtml(marker.label)}</text>`);
  }
  for (const series of chart.series) {
    const dash = series.dashed === true ? ' stroke-dasharray="7 4"' : '';
    // A null breaks the line, so a stretch with nothing to show is a gap, not a slope drawn across it.
    for (const run of unbrokenRuns(series.points)) {
      const points = run.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ');
      parts.push(`<polyline points="${points}" fill="none" stroke="${series.color}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"${dash}><title>${escapeHtml(series.label)}</title></polyline>`);
    }
  }
  const keys = chart.series.map((s) => `<span class="key"><span class="swatch${s.dashed === true ? ' dashed' : ''}" style="--c:${s.color}"></span>${escapeHtml(s.label)}</span>`);
  for (const key of chart.bandKeys ?? []) keys.push(`<span class="key"><span class="swatch band" style="--c:${key.color}"></span>${escapeHtml(key.label)}</span>`);
  return `<figure><figcaption>${escapeHtml(chart.title)}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(chart.title)}">${parts.join('')}</svg>
<div class="legend">${keys.join(' ')}</div></figure>`;
}

/** The stretches of consecutive points with a value; a lone point becomes a tiny segment so that it still shows. */
function unbrokenRuns(points: readonly { readonly x: number; readonly y: number | null }[]): { x: number; y: number }[][] {
  const runs: { x: number; y: number }[][] = [];
  let current: { x: number; y: number }[] = [];
  for (const point of points) {
    if (point.y === null) {
      if (current.length > 0) runs.push(current);
      current = [];
    } else {
      current.push({ x: point.x, y: point.y });
    }
  }
  if (current.length > 0) runs.push(current);
  return runs.map((run) => (run.length === 1 ? [run[0]!, { x: run[0]!.x, y: run[0]!.y }] : run));
}
