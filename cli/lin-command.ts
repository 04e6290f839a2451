import { FaultlineError } from '../model/faultline-error.js';
import { ledgerNodesProblem, type LedgerNode } from '../model/ledger-spec.js';
import { clipText } from '../properties/lin/clip-text.js';
import { LinBudgetExceeded } from '../properties/lin/history-chunks.js';
import { HISTORY_FORMATS, type RecordedHistory } from '../properties/lin/history.js';
import { DEFAULT_MAX_MEMORY_MB, LinBudget, type BudgetReason } from '../properties/lin/lin-budget.js';
import { bindLinModel, inferLinModel, LIN_MODEL_NAMES, type BoundLinCheck } from '../properties/lin/lin-models.js';
import type { LinResult } from '../properties/lin/lin-result.js';
import { readHistoryFile } from '../properties/lin/read-history-file.js';
import { renderLinHtml } from '../properties/lin/render-lin-html.js';
import { checkOutputFile, writeNewFileAtomic } from '../traces/write-new-file.js';
import { exitAfterOutputFailure, writeAfterRun } from './after-run-output.js';
import { EXIT, type CliIo } from './cli-io.js';
import { choiceOption, intOption, parseOptions } from './parse-options.js';

const OPTIONS = {
  model: { type: 'string' },
  format: { type: 'string' },
  'timeout-ms': { type: 'string' },
  'max-memory': { type: 'string' },
  nodes: { type: 'string' },
  html: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** How many operations of the longest partial linearization the text report shows, and how much of each. */
const SHOWN_TAIL = 8;
const LABEL_MAX = 120;

/**
 * What became of a check: a verdict, or unknown because the budget ran out
 * while reading the history, or nothing to check (no client operations).
 */
type LinOutcome =
  | { readonly kind: 'checked'; readonly history: RecordedHistory; readonly bound: BoundLinCheck; readonly result: LinResult; readonly checkMs: number }
  | { readonly kind: 'unread'; readonly reason: BudgetReason }
  | { readonly kind: 'empty'; readonly history: RecordedHistory; readonly bound: BoundLinCheck };

/**
 * `faultline lin HISTORY [--model register|kv|ledger|ledger-may-refuse]
 * [--format auto|porcupine-etcd|porcupine-kv|jepsen-edn|faultline]
 * [--timeout-ms N] [--max-memory MB] [--nodes ID=CPUm/MEMMi,...]
 * [--html FILE] [--json]`: checks one recorded history for
 * linearizability. `--nodes` gives the ledger models the cluster's nodes
 * (an EDN history cannot carry them; for a faultline history it replaces
 * the ones in the file). Reading the history counts against the time and
 * memory limits. Exits 0 when linearizable, 1 when not, 2 on bad input and
 * 3 when the answer is unknown: a limit was reached, or the history holds no
 * operation (nothing to check).
 */
export async function linCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions('lin', args, OPTIONS, { min: 1, max: 1, name: 'HISTORY file' });
  const file = positionals[0] ?? '';
  const format = choiceOption('format', values.format, ['auto', ...HISTORY_FORMATS] as const, 'auto');
  const timeoutMs = intOption('timeout-ms', values['timeout-ms'], 60_000, 1);
  const maxMemoryMB = intOption('max-memory', values['max-memory'], DEFAULT_MAX_MEMORY_MB, 1);
  const nodes = values.nodes === undefined ? undefined : nodesOption(values.nodes);
  const modelOption = values.model === undefined ? undefined : choiceOption('model', values.model, LIN_MODEL_NAMES, 'register');
  if (values.html !== undefined) checkOutputFile(values.html);
  const startedAt = performance.now();
  const limits = { timeoutMs, maxMemoryMB, startedAt };
  const outcome = ((): LinOutcome => {
    let history: RecordedHistory;
    try {
      history = readHistoryFile(file, format, new LinBudget(limits));
    } catch (error) {
      if (error instanceof LinBudgetExceeded) return { kind: 'unread', reason: error.reason };
      throw error;
    }
    const model = modelOption ?? inferLinModel(history);
    if (model === undefined) {
      throw new FaultlineError('usage', `lin: cannot tell which model the history uses; pass --model ${LIN_MODEL_NAMES.join('|')}`, { file });
    }
    if (nodes !== undefined && model !== 'ledger' && model !== 'ledger-may-refuse') {
      throw new FaultlineError('usage', `lin: --nodes applies to the ledger models, not to model ${model}`, { file });
    }
    const bound = bindLinModel(history, model, nodes === undefined ? {} : { nodes });
    if (bound.operations.length === 0) return { kind: 'empty', history, bound };
    const checkStarted = performance.now();
    const result = bound.check(limits);
    return { kind: 'checked', history, bound, result, checkMs: roundMs(performance.now() - checkStarted) };
  })();
  const ms = roundMs(performance.now() - startedAt);

  // The page is written after the verdict is known and before it is printed (the report names it); if it cannot be, the verdict is printed all the same.
  const html =
    values.html !== undefined && outcome.kind === 'checked' && writeAfterRun(io, () => writeNewFileAtomic(values.html!, renderLinHtml({ file, model: outcome.bound.model, operations: outcome.bound.operations, result: outcome.result })))
      ? values.html
      : undefined;
  if (values.json) {
    io.stdout(`${JSON.stringify(jsonReport(file, outcome, ms, html))}\n`);
  } else {
    io.stdout(textReport(file, outcome, ms, html));
  }
  return exitAfterOutputFailure(verdictExit(outcome), values.html !== undefined && outcome.kind === 'checked' && html === undefined);
}

function verdictExit(outcome: LinOutcome): number {
  if (outcome.kind !== 'checked') return EXIT.inconclusive;
  switch (outcome.result.kind) {
    case 'ok': return EXIT.held;
    case 'illegal': return EXIT.violated;
    case 'unknown': return EXIT.inconclusive;
  }
}

const NODE_SYNTAX = /^([^\s=,/]+)=(\d+)m\/(\d+)Mi$/;

/**
 * Reads `--nodes n1=4000m/8192Mi,n2=2000m/4096Mi`: each node's id, cpu in
 * millicores and memory in MiB. Anything else is a one-line usage error that
 * shows the expected syntax.
 */
export function nodesOption(raw: string): LedgerNode[] {
  const usage = (problem: string): never => {
    throw new FaultlineError('usage', `--nodes takes ID=CPUm/MEMMi[,...], e.g. n1=4000m/8192Mi,n2=2000m/4096Mi; ${problem}`, { got: clipText(raw) });
  };
  const nodes = raw.split(',').map((item): LedgerNode => {
    const match = NODE_SYNTAX.exec(item.trim());
    if (!match) return usage(`cannot read ${clipText(JSON.stringify(item))}`);
    const [, id = '', cpu = '', memory = ''] = match;
    return { id, capacity: { cpuMillis: Number(cpu), memoryMiB: Number(memory) } };
  });
  const problem = ledgerNodesProblem(nodes);
  return problem === undefined ? nodes : usage(problem);
}

function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** The process's largest resident set so far, in MiB: the check's peak memory when it runs on its own. */
function peakMemoryMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function jsonReport(file: string, outcome: LinOutcome, ms: number, html: string | undefined) {
  const memory = { ms, peakMemoryMB: peakMemoryMB(), file };
  if (outcome.kind === 'unread') return { verdict: 'unknown', reason: outcome.reason, stage: 'reading', ...memory };
  const { bound, history } = outcome;
  const base = { operations: bound.operations.length, ...memory, format: history.format, model: bound.model, ...(html ? { html } : {}) };
  if (outcome.kind === 'empty') return { verdict: 'unknown', reason: 'nothing to check', ...base };
  const { result } = outcome;
  const checked = { verdict: result.kind, ...(result.kind === 'unknown' ? { reason: result.reason } : {}), ...base, checkMs: outcome.checkMs, partitions: result.partitions.length };
  if (result.kind !== 'illegal') return checked;
  const describe = (index: number | undefined) => {
    const operation = index === undefined ? undefined : bound.operations[index];
    return operation === undefined ? null : { index, client: operation.client, line: operation.line, operation: operation.label };
  };
  const partition = result.partitions[result.illegalPartition];
  return {
    ...checked,
    illegalPartition: result.illegalPartition,
    stuckAt: describe(partition?.stuckAt),
    longest: (partition?.longest ?? []).map((partial) => ({ operations: partial.operations.map((index) => bound.operations[index]?.label ?? ''), stuckAt: describe(partial.stuckAt) })),
  };
}

const LIMIT_HINT: Record<BudgetReason, string> = {
  timeout: 'ran out of time; try a larger --timeout-ms',
  memory: 'reached the memory limit; try a larger --max-memory',
};

function textReport(file: string, outcome: LinOutcome, ms: number, html: string | undefined): string {
  if (outcome.kind === 'unread') return `${file}: unknown: reading the history ${LIMIT_HINT[outcome.reason]} (${ms} ms)\n`;
  const { bound } = outcome;
  if (outcome.kind === 'empty') return `${file}: nothing to check: the history holds no client operations (model ${bound.model})\n`;
  const { result } = outcome;
  const summary = `${bound.operations.length} operations, ${result.partitions.length} partition(s), ${ms} ms, model ${bound.model}`;
  const lines: string[] = [];
  switch (result.kind) {
    case 'ok':
      lines.push(`${file}: linearizable (${summary})`);
      break;
    case 'unknown':
      lines.push(`${file}: unknown: the check ${LIMIT_HINT[result.reason]} (${summary})`);
      break;
    case 'illegal': {
      lines.push(`${file}: NOT linearizable (${summary})`);
      const partition = result.partitions[result.illegalPartition];
      const at = partition?.stuckAt === undefined ? undefined : bound.operations[partition.stuckAt];
      if (at) lines.push(`  every linearization got stuck at line ${at.line}: client ${at.client} ${clipText(at.label, LABEL_MAX)}`);
      const longest = partition?.longest[0];
      if (longest) {
        const shown = longest.operations.slice(-SHOWN_TAIL).map((index) => clipText(bound.operations[index]?.label ?? '?', LABEL_MAX));
        const skipped = longest.operations.length - shown.length;
        lines.push(`  longest partial linearization (${longest.operations.length} operations)${skipped > 0 ? `, last ${shown.length}` : ''}: ${shown.join(', ') || '(empty)'}`);
      }
      break;
    }
  }
  if (html) lines.push(`  wrote ${html}`);
  return `${lines.join('\n')}\n`;
}
