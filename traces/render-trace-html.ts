import { describeCluster } from './describe-cluster.js';
import { describeAimed, describeFault } from './describe-fault.js';
import { escapeHtml } from '../properties/html/escape-html.js';
import type { Trace } from './trace.generated.js';
import type { Band, ClientBar, Mark, NodeLane, Series, Timeline } from './trace-timeline.js';

export interface TraceHtmlInput {
  /** The trace file, as the user named it. */
  readonly file: string;
  readonly trace: Trace;
  readonly timeline: Timeline;
  /**
   * The linearizability checker's own view of the history, for a trace that
   * broke `linearizable`, and the operation where every linearization got
   * stuck (by history process and call tick), which the timeline outlines.
   */
  readonly linearizability?: { readonly style: string; readonly html: string; readonly stuck?: { readonly process: number; readonly call: number } | undefined } | undefined;
}

const LABEL_PX = 150;
const AXIS_PX = 28;
const NETWORK_PX = 30;
const NODE_PX = 70;
const CLIENT_PX = 22;
const GAP_PX = 14;
/** About how wide the time axis is drawn; a short run gets more pixels per tick, a long one fewer, within bounds. */
const TARGET_PLOT_PX = 1_200;
const MIN_PX_PER_TICK = 0.05;
const MAX_PX_PER_TICK = 8;
/** A stretch this long where nothing on the page changes is folded to FOLD_PX. */
const IDLE_TICKS = 150;
const FOLD_PX = 36;

/**
 * The trace as one self-contained page: no script, nothing to fetch (a
 * Content-Security-Policy forbids both, should any text slip through
 * unescaped), every string from the trace escaped. One SVG timeline holds a
 * lane per node (its protocol state over time, down and paused spans, its
 * quantities as step lines, aimed-fault triggers), a lane of network faults,
 * a lane per client process with its operations as bars, the end of the
 * fault phase, and the violations as red lines at their tick. Below it:
 * the violations in words, the faults as scheduled, the run's settings, and
 * for a linearizability violation the checker's own view.
 */
export function renderTraceHtml(input: TraceHtmlInput): string {
  const { trace, timeline } = input;
  const config = trace.config;
  const main = timeline.violations.find((violation) => violation.main) ?? timeline.violations[0];
  const verdict = main === undefined ? '<span class="held">held</span>' : `<span class="broken">${escapeHtml(main.property)} broken at step ${main.step} (tick ${main.tick})</span>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>faultline view: ${escapeHtml(input.file)}</title>
<style>
${STYLE}
${input.linearizability?.style ?? ''}
</style></head><body>
<h1>${escapeHtml(input.file)} — ${escapeHtml(describeCluster(config.cluster))}, ${config.world.nodeCount} nodes — ${verdict}</h1>
<p class="meta">mutants ${escapeHtml(config.cluster.mutants.join(', ') || 'none')}${config.cluster.kind === 'single-leader' ? `; scheduler ${escapeHtml(config.cluster.scheduler)}` : ''}; seed ${trace.seed}, world seed ${trace.worldSeed}; ${trace.eventCount} events; ${trace.schedule.length} scheduled faults, ${trace.aimed.length} aimed, ${trace.workload.length} client operations${shrinkText(trace)}</p>
${main === undefined ? '' : `<p class="violation-summary" id="violation"><b>${escapeHtml(main.property)}</b>: ${escapeHtml(main.message)}</p>`}
<div class="scroll">${renderSvg(timeline, input.linearizability?.stuck)}</div>
${legend(timeline)}
${violationList(timeline)}
${faultList(trace)}
${input.linearizability === undefined ? '' : `<h2>Linearizability: the checker's view of the client history</h2>\n${input.linearizability.html}`}
<h2>Run</h2>
<p class="meta">replay: <code>npx faultline replay ${escapeHtml(input.file)}${config.cluster.kind === 'custom' ? ' --protocol MODULE' : ''}</code>${trace.command === undefined ? '' : `; found by: <code>${escapeHtml(trace.command)}</code>`}; fast-check path <code>${escapeHtml(trace.path)}</code></p>
</body></html>
`;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:1.2em;color:#222}
h1{font-size:1.25em;margin:.2em 0}h2{font-size:1.1em;margin-top:1.4em}
.meta{color:#555}.held{color:#17692d}.broken,.violation-summary b{color:#b3261e}
.scroll{overflow-x:auto;border:1px solid #ddd;background:#fcfcfc}
svg text{font:11px system-ui,sans-serif;fill:#333}svg .lane-label{font-weight:600}svg .small{font-size:9px;fill:#555}
.axis line{stroke:#e3e3e3}.axis text{fill:#777}.fold{fill:#eee;opacity:.7}
.band-leader,.band-coordinator{fill:#f28e2b}.band-candidate{fill:#edc948}.band-follower,.band-member{fill:#c9d6e3}
.band-down{fill:#555;opacity:.55}.band-paused{fill:#ffd966;opacity:.8}.band-absent,.band-left{fill:#bbb;opacity:.6}
.band-partition{fill:#e15759;opacity:.28}.band-network{fill:#76b7b2;opacity:.35}
.series-commit{stroke:#4e79a7}.series-cpu{stroke:#d37b00}.series-memory{stroke:#3b8c3b;stroke-dasharray:3 2}
.band-commit,.band-cpu,.band-memory{fill:none}
polyline{fill:none;stroke-width:1.5}
.mark-trigger{fill:#b3261e}.mark-armed{fill:#7a1e9e}.mark-clock{fill:#8e44ad}.mark-transfer{fill:#2e7d9a}.mark-dead{fill:#444}
.op-ok{fill:#a0cbe8;stroke:#4e79a7}.op-refused{fill:#ffbe7d;stroke:#d37b00}.op-open{fill:#eee;stroke:#888;stroke-dasharray:3 2}
.op-result-unknown{fill:#d4a6c8;stroke:#8a4f7d}.op-fail{fill:#ddd;stroke:#999}
.heal{stroke:#17692d;stroke-dasharray:5 3}.violation{stroke:#b3261e;stroke-width:2}.violation-label{fill:#b3261e;font-weight:600}
ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4em 1.4em;color:#444}
.swatch{display:inline-block;width:1.6em;height:.8em;margin-right:.35em;vertical-align:middle;border:1px solid #999}
table{border-collapse:collapse}td,th{border-bottom:1px solid #eee;padding:2px 8px;text-align:left;vertical-align:top}
code{background:#f3f3f3;padding:0 3px;word-break:break-all}
.op-stuck{stroke:#b3261e;stroke-width:3}`;

/** Only letters, digits and dashes reach a class name, whatever a cluster's builder calls a kind. */
function cls(kind: string): string {
  return kind.replace(/[^a-z0-9-]/gi, '-');
}

/**
 * Where a tick is drawn. Runs are mostly quiet (heartbeats that change
 * nothing) between short bursts where everything happens, so stretches with
 * nothing to draw longer than IDLE_TICKS are folded to a narrow break, and
 * the rest shares the page's width at one scale.
 */
class TimeScale {
  private readonly starts: number[] = [];
  private readonly xs: number[] = [];
  private readonly perTick: number[] = [];
  /** The folded stretches, to mark on the axis. */
  readonly folds: { readonly from: number; readonly to: number; readonly x: number }[] = [];
  readonly width: number;

  constructor(keyTicks: readonly number[], endTick: number) {
    const keys = [...new Set([0, endTick, ...keyTicks.filter((tick) => tick >= 0 && tick <= endTick)])].sort((a, b) => a - b);
    let open = 0;
    let folded = 0;
    for (let index = 1; index < keys.length; index++) {
      const gap = keys[index]! - keys[index - 1]!;
      if (gap > IDLE_TICKS) folded++;
      else open += gap;
    }
    const scale = Math.min(MAX_PX_PER_TICK, Math.max(MIN_PX_PER_TICK, (TARGET_PLOT_PX - folded * FOLD_PX) / Math.max(1, open)));
    let x = LABEL_PX;
    for (let index = 1; index < keys.length; index++) {
      const from = keys[index - 1]!;
      const gap = keys[index]! - from;
      const px = gap > IDLE_TICKS ? FOLD_PX : gap * scale;
      this.starts.push(from);
      this.xs.push(x);
      this.perTick.push(gap === 0 ? 0 : px / gap);
      if (gap > IDLE_TICKS) this.folds.push({ from, to: keys[index]!, x });
      x += px;
    }
    this.width = x;
  }

  x(tick: number): number {
    // The last segment that starts at or before the tick (binary search).
    let low = 0;
    let high = this.starts.length - 1;
    if (high < 0) return LABEL_PX;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= tick) low = middle;
      else high = middle - 1;
    }
    return this.xs[low]! + Math.max(0, tick - this.starts[low]!) * this.perTick[low]!;
  }

  /** Whether a tick lies inside a folded stretch (its grid line is left out). */
  folded(tick: number): boolean {
    return this.folds.some((fold) => tick > fold.from && tick < fold.to);
  }
}

/** Every tick where something in the timeline begins, ends or happens. */
function keyTicks(timeline: Timeline): number[] {
  const ticks: number[] = [timeline.healTick];
  const bands = (list: readonly Band[]) => list.forEach((band) => ticks.push(band.from, band.to));
  bands(timeline.network);
  for (const mark of timeline.networkMarks) ticks.push(mark.tick);
  for (const lane of timeline.nodes) {
    bands(lane.status);
    bands(lane.states);
    for (const mark of lane.marks) ticks.push(mark.tick);
    for (const series of lane.series) for (const point of series.points) ticks.push(point.tick);
  }
  for (const lane of timeline.clients) for (const op of lane.operations) ticks.push(op.from, ...(op.open ? [] : [op.to]));
  for (const violation of timeline.violations) ticks.push(violation.tick);
  return ticks;
}

function renderSvg(timeline: Timeline, stuck: { readonly process: number; readonly call: number } | undefined): string {
  const scale = new TimeScale(keyTicks(timeline), timeline.endTick);
  const x = (tick: number) => scale.x(tick);
  const width = Math.ceil(scale.width + 24);
  const parts: string[] = [];
  let y = AXIS_PX;
  const lanesTop = y;

  // The network lane: partitions and bad network conditions, and aimed faults being armed.
  parts.push(laneLabel('network', y, NETWORK_PX));
  parts.push(...timeline.network.map((band) => bandRect(band, x, y + 4, NETWORK_PX - 8, true)));
  parts.push(...timeline.networkMarks.map((mark) => markShape(mark, x, y + NETWORK_PX / 2)));
  y += NETWORK_PX + GAP_PX / 2;

  for (const lane of timeline.nodes) {
    parts.push(nodeLane(lane, x, y, timeline.endTick));
    y += NODE_PX;
  }
  y += GAP_PX;
  for (const lane of timeline.clients) {
    parts.push(laneLabel(lane.label, y, CLIENT_PX));
    parts.push(...lane.operations.map((op) => opBar(op, x, y + 2, CLIENT_PX - 4, stuck !== undefined && lane.process === stuck.process && op.from === stuck.call)));
    y += CLIENT_PX;
  }
  const height = y + 8;
  const axis = timeAxis(timeline.endTick, scale, height);
  const heal = `<line class="heal" x1="${x(timeline.healTick)}" y1="${lanesTop - 6}" x2="${x(timeline.healTick)}" y2="${height}"><title>the fault phase ends at tick ${timeline.healTick}: every fault is healed</title></line><text class="small" x="${x(timeline.healTick) + 3}" y="${lanesTop - 2}">heal</text>`;
  const violations = timeline.violations.map((violation, index) => {
    const at = x(violation.tick);
    const title = escapeHtml(`${violation.property} broken at step ${violation.step}, tick ${violation.tick}: ${violation.message}`);
    return `<g class="violation-mark"><line class="violation" x1="${at}" y1="${lanesTop - 6}" x2="${at}" y2="${height}"><title>${title}</title></line><text class="violation-label" x="${at + 3}" y="${12 + (index % 2) * 11}">${escapeHtml(violation.property)}</text></g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="timeline of the run">${axis}${parts.join('')}${heal}${violations.join('')}</svg>`;
}

function laneLabel(label: string, y: number, height: number): string {
  return `<text class="lane-label" x="6" y="${y + height / 2 + 4}">${escapeHtml(label)}</text>`;
}

function nodeLane(lane: NodeLane, x: (tick: number) => number, top: number, endTick: number): string {
  const parts = [`<line x1="0" y1="${top + NODE_PX - 2}" x2="${x(endTick) + 20}" y2="${top + NODE_PX - 2}" stroke="#eee"/>`, laneLabel(lane.label, top, 24)];
  // State bands on top, the node's quantities below, its status (down, paused) over both.
  parts.push(...lane.states.map((band) => bandRect(band, x, top + 4, 18, true)));
  const plotTop = top + 26;
  const plotHeight = NODE_PX - 32;
  parts.push(...lane.series.map((series) => seriesLine(series, x, plotTop, plotHeight, endTick)));
  parts.push(...lane.status.map((band) => bandRect(band, x, top + 2, NODE_PX - 6, false)));
  parts.push(...lane.marks.map((mark) => markShape(mark, x, top + 13)));
  return `<g class="node-lane">${parts.join('')}</g>`;
}

function bandRect(band: Band, x: (tick: number) => number, y: number, height: number, labelled: boolean): string {
  const left = x(band.from);
  const width = Math.max(1, x(band.to) - left);
  // Text goes inside a band only when it fits (about 6 px a character).
  const text = labelled && width > band.label.length * 6 + 6 ? `<text x="${left + 3}" y="${y + height / 2 + 4}">${escapeHtml(band.label)}</text>` : '';
  return `<g><rect class="band-${cls(band.kind)}" x="${left.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${height}"><title>${escapeHtml(band.title)}</title></rect>${text}</g>`;
}

function markShape(mark: Mark, x: (tick: number) => number, y: number): string {
  const at = x(mark.tick);
  return `<path class="mark-${cls(mark.kind)}" d="M${at.toFixed(1)} ${y - 6}l5 6l-5 6l-5 -6z"><title>${escapeHtml(mark.title)}</title></path>`;
}

function seriesLine(series: Series, x: (tick: number) => number, top: number, height: number, endTick: number): string {
  if (series.points.length === 0) return '';
  const y = (value: number) => top + height - (Math.min(value, series.max) / series.max) * height;
  const coordinates: string[] = [];
  let previous: number | null = null;
  for (const point of series.points) {
    if (previous !== null) coordinates.push(`${x(point.tick).toFixed(1)},${y(previous).toFixed(1)}`);
    coordinates.push(`${x(point.tick).toFixed(1)},${y(point.value).toFixed(1)}`);
    previous = point.value;
  }
  coordinates.push(`${x(endTick).toFixed(1)},${y(previous!).toFixed(1)}`);
  const last = series.points[series.points.length - 1]!;
  // Each change keeps its own tooltip on an invisible dot, so a reader can hover the step.
  const dots = series.points.length <= 400 ? series.points.map((point) => `<circle cx="${x(point.tick).toFixed(1)}" cy="${y(point.value).toFixed(1)}" r="3" fill="transparent"><title>${escapeHtml(point.title)}</title></circle>`).join('') : '';
  return `<g><polyline class="series-${cls(series.kind)}" points="${coordinates.join(' ')}"><title>${escapeHtml(`${series.label}; last: ${last.title}`)}</title></polyline>${dots}</g>`;
}

function opBar(op: ClientBar, x: (tick: number) => number, y: number, height: number, stuck: boolean): string {
  const left = x(op.from);
  const width = Math.max(3, x(op.to) - left);
  const kind = op.open ? 'open' : op.outcome;
  const text = width > op.label.length * 6 + 6 ? `<text x="${left + 3}" y="${y + height / 2 + 4}">${escapeHtml(op.label)}</text>` : '';
  const title = stuck ? `every linearization got stuck here: ${op.title}` : op.title;
  return `<g class="client-op"><rect class="op-${cls(kind)}${stuck ? ' op-stuck' : ''}" x="${left.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${height}" rx="3"><title>${escapeHtml(title)}</title></rect>${text}</g>`;
}

function timeAxis(endTick: number, scale: TimeScale, height: number): string {
  const open = endTick - scale.folds.reduce((sum, fold) => sum + (fold.to - fold.from), 0);
  const step = [10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000].find((s) => open / s <= 25) ?? 100_000;
  const parts: string[] = [];
  let lastLabel = Number.NEGATIVE_INFINITY;
  for (let tick = 0; tick <= endTick; tick += step) {
    if (scale.folded(tick)) continue;
    const at = scale.x(tick);
    // Grid lines wherever they fall, numbers only where they do not run into the previous one.
    const label = at - lastLabel >= 8 * String(tick).length ? `<text x="${at + 2}" y="${AXIS_PX - 9}">${tick}</text>` : '';
    if (label !== '') lastLabel = at;
    parts.push(`<line x1="${at}" y1="${AXIS_PX - 6}" x2="${at}" y2="${height}"/>${label}`);
  }
  for (const fold of scale.folds) {
    parts.push(`<rect class="fold" x="${fold.x + 2}" y="${AXIS_PX - 6}" width="${FOLD_PX - 4}" height="${height - AXIS_PX + 6}"><title>ticks ${fold.from}-${fold.to}: nothing changes, folded</title></rect><text class="small" x="${fold.x + 3}" y="${AXIS_PX - 9}">…</text>`);
  }
  return `<g class="axis">${parts.join('')}<text x="6" y="${AXIS_PX - 9}">tick</text></g>`;
}

function legend(timeline: Timeline): string {
  const items = [
    // A cluster's own marks come with their class; its roles and quantities are drawn both as bands and as lines.
    ...timeline.legend.map(({ kind, label }) => ({ kind: kind.startsWith('mark-') ? cls(kind) : `band-${cls(kind)} series-${cls(kind)}`, label })),
    { kind: 'band-down', label: 'down (crashed)' },
    { kind: 'band-paused', label: 'paused' },
    { kind: 'band-absent', label: 'absent or left' },
    { kind: 'band-partition', label: 'partition' },
    { kind: 'band-network', label: 'bad network' },
    { kind: 'mark-trigger', label: 'aimed fault went off' },
    { kind: 'mark-armed', label: 'aimed fault armed' },
    { kind: 'mark-clock', label: 'clock rate changed' },
    { kind: 'op-ok', label: 'operation ok' },
    { kind: 'op-refused', label: 'refused' },
    { kind: 'op-open', label: 'no answer (unknown outcome)' },
  ];
  const swatch = (kind: string) => `<svg class="swatch" width="24" height="12"><rect class="${kind}" x="0" y="0" width="24" height="12"/><line class="${kind}" x1="0" y1="6" x2="24" y2="6"/></svg>`;
  return `<ul class="legend">${items.map((item) => `<li>${swatch(item.kind)}${escapeHtml(item.label)}</li>`).join('')}</ul>`;
}

function violationList(timeline: Timeline): string {
  if (timeline.violations.length === 0) return '<h2>Violations</h2><p>None: every property held.</p>';
  const rows = timeline.violations.map((v) => `<tr><td>${escapeHtml(v.property)}${v.main ? ' (shrunk for)' : ''}</td><td>step ${v.step}</td><td>tick ${v.tick}</td><td>${escapeHtml(v.message)}</td></tr>`);
  return `<h2>Violations</h2><table class="violations"><tr><th>property</th><th>step</th><th>tick</th><th>message</th></tr>${rows.join('')}</table>`;
}

function faultList(trace: Trace): string {
  const scheduled = trace.schedule.map((entry) => `<tr><td>tick ${entry.atTick}</td><td>${escapeHtml(describeFault(entry.fault))}</td></tr>`);
  const aimed = trace.aimed.map((entry, index) => `<tr><td>aimed #${index + 1}</td><td>${escapeHtml(describeAimed(entry))}</td></tr>`);
  if (scheduled.length + aimed.length === 0) return '<h2>Faults</h2><p>None scheduled or aimed (the network\'s baseline delays and clock drift only).</p>';
  return `<h2>Faults</h2><table class="faults">${scheduled.join('')}${aimed.join('')}</table>`;
}

function shrinkText(trace: Trace): string {
  const shrink = trace.shrink;
  if (shrink === undefined) return '';
  // Before single removals were part of shrinking, a complete shrink was not yet 1-minimal.
  const minimal = shrink.complete && shrink.removed !== undefined;
  return `; shrunk in ${shrink.shrinks} steps${shrink.removed === undefined ? '' : ` and ${shrink.removed} removals`}, ${minimal ? '1-minimal' : 'not known to be 1-minimal'}`;
}
