import { escapeHtml } from '../html/escape-html.js';
import type { DescribedOperation } from './lin-models.js';
import type { LinResult, PartitionResult } from './lin-result.js';

export interface LinHtmlInput {
  readonly file: string;
  readonly model: string;
  readonly operations: readonly DescribedOperation[];
  readonly result: LinResult;
}

const ROW_PX = 26;
const SLOT_PX = 18;

/** The styles of the linearizability view, for a page of its own or one that embeds it (the trace view). */
export const LIN_HTML_STYLE = `.verdict-ok{color:#17692d}.verdict-illegal{color:#b3261e}.verdict-unknown,.verdict-unfinished{color:#8a5a00}
.lin h2{font-size:1.1em;display:inline}
.timeline{position:relative;overflow-x:auto;border:1px solid #ddd;background:#fafafa;margin:.5em 0}
.lane{position:absolute;left:0;font:12px monospace;color:#666;padding-left:4px}
.op{position:absolute;height:18px;border-radius:3px;background:#c8d7ea;border:1px solid #7d98b8;font:11px monospace;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;padding:0 3px;box-sizing:border-box}
.op.open{border-right-style:dashed;background:linear-gradient(90deg,#c8d7ea,#fafafa)}
.op.linearized{background:#bfe3c6;border-color:#3c8c4f}
.op.stuck{background:#f4c0bb;border-color:#b3261e;border-width:2px}
.op b{color:#17692d}
ol.lin{font:12px monospace}li.stuck{color:#b3261e;font-weight:bold;list-style:none}
details{margin:.8em 0}summary{cursor:pointer}`;

/**
 * One self-contained HTML page (no scripts or links to fetch) showing each
 * partition's operations on a per-client timeline. For an illegal partition
 * it numbers the operations of the longest partial linearization in order,
 * marks the operation where every linearization got stuck, and lists the
 * longest partial linearizations.
 */
export function renderLinHtml(input: LinHtmlInput): string {
  const { result } = input;
  const verdict = result.kind === 'illegal' ? `illegal (partition ${result.illegalPartition + 1})` : result.kind;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>faultline lin: ${escapeHtml(input.file)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em}
${LIN_HTML_STYLE}
</style></head><body>
<h1>${escapeHtml(input.file)} — model ${escapeHtml(input.model)} — <span class="verdict-${result.kind}">${escapeHtml(verdict)}</span></h1>
${renderLinSections(input)}
</body></html>
`;
}

/** The body of the linearizability view: what it shows, then one section per partition (the page's own, or embedded in another page). */
export function renderLinSections(input: LinHtmlInput): string {
  const { result } = input;
  const sections = result.partitions.map((partition, index) => renderPartition(input, partition, index));
  return `<div class="lin"><p>${input.operations.length} operations in ${result.partitions.length} partition(s). Bars run from call to return; a dashed end means the outcome is unknown (open until the end). In an illegal partition, green numbered bars form the longest partial linearization and the red bar is where every linearization got stuck.</p>
${sections.join('\n')}</div>`;
}

function renderPartition(input: LinHtmlInput, partition: PartitionResult, index: number): string {
  const operations = partition.operations.map((global) => ({ global, op: input.operations[global] })).filter(
    (entry): entry is { global: number; op: DescribedOperation } => entry.op !== undefined,
  );
  // Times become ranks of distinct event times, so the picture stays readable
  // whatever the clock's unit.
  const times = [...new Set(operations.flatMap(({ op }) => [op.call, op.return]).filter(Number.isFinite))].sort((a, b) => a - b);
  const rank = new Map(times.map((time, position) => [time, position]));
  const end = times.length + 1;
  const clients = [...new Set(operations.map(({ op }) => op.client))].sort((a, b) => a - b);
  const lane = new Map(clients.map((client, position) => [client, position]));
  const first = partition.longest[0];
  const order = new Map((first?.operations ?? []).map((global, position) => [global, position + 1]));
  const stuck = partition.stuckAt;

  const lanes = clients.map((client, position) => `<div class="lane" style="top:${position * ROW_PX + 4}px">client ${client}</div>`);
  const bars = operations.map(({ global, op }) => {
    const from = (rank.get(op.call) ?? 0) + 1;
    const to = Number.isFinite(op.return) ? (rank.get(op.return) ?? 0) + 1 : end;
    const classes = ['op', Number.isFinite(op.return) ? '' : 'open', order.has(global) ? 'linearized' : '', global === stuck ? 'stuck' : ''].filter(Boolean).join(' ');
    const number = order.get(global);
    const title = `${op.label} (client ${op.client}, line ${op.line}, call ${op.call}, return ${Number.isFinite(op.return) ? op.return : 'unknown'})`;
    const left = 90 + from * SLOT_PX;
    const width = Math.max(SLOT_PX, (to - from) * SLOT_PX);
    return `<div class="${classes}" style="left:${left}px;top:${(lane.get(op.client) ?? 0) * ROW_PX + 4}px;width:${width}px" title="${escapeHtml(title)}">${number === undefined ? '' : `<b>${number}</b> `}${escapeHtml(op.label)}</div>`;
  });
  const height = clients.length * ROW_PX + 8;
  const width = 90 + (end + 2) * SLOT_PX;
  const label = (global: number | undefined): string => (global === undefined ? '(none)' : escapeHtml(input.operations[global]?.label ?? `#${global}`));
  const lists = partition.longest.map(
    (partial, position) =>
      `<p>Longest partial linearization ${position + 1} of ${partition.longest.length} (${partial.operations.length} operations):</p><ol class="lin">${partial.operations
        .map((global) => `<li>${label(global)}</li>`)
        .join('')}${partial.stuckAt === undefined ? '' : `<li class="stuck">stuck: ${label(partial.stuckAt)} returned before it could be placed</li>`}</ol>`,
  );
  const stuckLine = partition.kind === 'illegal' ? `<p class="verdict-illegal">Every linearization got stuck at: <b>${label(stuck)}</b></p>` : '';
  return `<details${partition.kind === 'illegal' ? ' open' : ''}><summary><h2>Partition ${index + 1}</h2> — <span class="verdict-${partition.kind}">${partition.kind}</span>, ${operations.length} operations, ${partition.steps} search steps</summary>
${stuckLine}
<div class="timeline" style="height:${height}px"><div style="position:relative;width:${width}px;height:${height}px">${lanes.join('')}${bars.join('')}</div></div>
${lists.join('\n')}
</details>`;
}
