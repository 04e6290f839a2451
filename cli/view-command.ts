import { FaultlineError } from '../model/faultline-error.js';
import { LinBudgetExceeded } from '../properties/lin/history-chunks.js';
import { LinBudget, DEFAULT_MAX_MEMORY_MB } from '../properties/lin/lin-budget.js';
import { bindLinModel, inferLinModel } from '../properties/lin/lin-models.js';
import { readHistoryFile } from '../properties/lin/read-history-file.js';
import { LIN_HTML_STYLE, renderLinSections } from '../properties/lin/render-lin-html.js';
import { clusterLanes } from '../traces/cluster-lanes.js';
import { loadTrace } from '../traces/load-trace.js';
import { renderTraceHtml } from '../traces/render-trace-html.js';
import type { Trace } from '../traces/trace.generated.js';
import { buildTimeline } from '../traces/trace-timeline.js';
import { checkOutputFile, writeNewFileAtomic } from '../traces/write-new-file.js';
import { EXIT, type CliIo } from './cli-io.js';
import { parseOptions } from './parse-options.js';

const OPTIONS = {
  output: { type: 'string', short: 'o' },
} as const;

/** How long the linearizability view of a trace's history may take before the page goes without it. */
const LIN_TIMEOUT_MS = 10_000;

/**
 * `faultline view TRACE.json -o FILE.html`: writes the trace as one offline
 * HTML page (see `traces/render-trace-html.ts`), never over an existing
 * file. For a trace that broke `linearizable` the page includes the
 * checker's view of the history: the longest partial linearization and the
 * operation where every linearization got stuck.
 */
export async function viewCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions('view', args, OPTIONS, { min: 1, max: 1, name: 'trace file (faultline view TRACE.json -o FILE.html)' });
  const file = positionals[0]!;
  const output = values.output;
  if (output === undefined || output === '') throw new FaultlineError('usage', 'view: name the page to write with -o FILE.html');
  checkOutputFile(output);
  const trace = loadTrace(file);
  const timeline = buildTimeline(trace, clusterLanes(trace.config.cluster.kind));
  const linearizability = trace.verdict.violations.some((violation) => violation.property === 'linearizable') ? linearizabilityView(file, trace) : undefined;
  writeNewFileAtomic(output, renderTraceHtml({ file, trace, timeline, linearizability }));
  const operations = trace.history.length;
  io.stdout(`wrote ${output}: ${trace.config.world.nodeCount} nodes, ${trace.eventCount} events, ${operations} client operation${operations === 1 ? '' : 's'}, ${trace.verdict.violations.length} violation${trace.verdict.violations.length === 1 ? '' : 's'}\n`);
  return EXIT.held;
}

/** The checker's view of the trace's client history, as `faultline lin --html` draws it; undefined when the check cannot finish in time. */
function linearizabilityView(file: string, trace: Trace): { style: string; html: string; stuck?: { process: number; call: number } } | undefined {
  const limits = { timeoutMs: LIN_TIMEOUT_MS, maxMemoryMB: DEFAULT_MAX_MEMORY_MB, startedAt: performance.now() };
  let history;
  try {
    history = readHistoryFile(file, 'faultline', new LinBudget(limits));
  } catch (error) {
    if (error instanceof LinBudgetExceeded) return { style: LIN_HTML_STYLE, html: `<p>Reading the history for the check ran out of ${error.reason === 'timeout' ? 'time' : 'memory'}.</p>` };
    throw error;
  }
  const model = inferLinModel(history);
  if (model === undefined) return undefined;
  const bound = bindLinModel(history, model, {});
  if (bound.operations.length === 0) return undefined;
  const result = bound.check(limits);
  if (result.kind === 'unknown') return { style: LIN_HTML_STYLE, html: `<p>The check of the ${bound.operations.length} operations did not finish within ${LIN_TIMEOUT_MS / 1000} s.</p>` };
  const html = renderLinSections({ file: trace.config.cluster.kind, model: bound.model, operations: bound.operations, result });
  const stuckAt = result.kind === 'illegal' ? result.partitions[result.illegalPartition]?.stuckAt : undefined;
  const stuck = stuckAt === undefined ? undefined : bound.operations[stuckAt];
  return { style: LIN_HTML_STYLE, html, ...(stuck === undefined ? {} : { stuck: { process: stuck.client, call: stuck.call } }) };
}
