import { FaultlineError } from '../model/faultline-error.js';
import { ledgerNodesProblem, type LedgerNode } from '../model/ledger-spec.js';
import { HISTORY_FORMATS } from '../properties/lin/history.js';
import { bindLinModel, inferLinModel, LIN_MODEL_NAMES, type BoundLinCheck } from '../properties/lin/lin-models.js';
import type { LinResult } from '../properties/lin/lin-result.js';
import { readHistoryFile } from '../properties/lin/read-history-file.js';
import { renderLinHtml } from '../properties/lin/render-lin-html.js';
import { writeNewFileAtomic } from '../traces/write-new-file.js';
import { EXIT, type CliIo } from './cli-io.js';
import { choiceOption, intOption, parseOptions } from './parse-options.js';

const OPTIONS = {
  model: { type: 'string' },
  format: { type: 'string' },
  'timeout-ms': { type: 'string' },
  nodes: { type: 'string' },
  html: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** How many operations of the longest partial linearization the text report shows. */
const SHOWN_TAIL = 8;

/**
 * `faultline lin HISTORY [--model register|kv|ledger|ledger-may-refuse]
 * [--format auto|porcupine-etcd|porcupine-kv|jepsen-edn|faultline]
 * [--timeout-ms N] [--nodes ID=CPUm/MEMMi,...] [--html FILE] [--json]`:
 * checks one recorded history for linearizability. `--nodes` gives the
 * ledger models the cluster's nodes (an EDN history cannot carry them; for a
 * faultline history it replaces the ones in the file). Exits 0 when
 * linearizable, 1 when not, 2 on bad input and 3 when the check timed out
 * (unknown).
 */
export async function linCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions('lin', args, OPTIONS, { min: 1, max: 1, name: 'HISTORY file' });
  const file = positionals[0] ?? '';
  const format = choiceOption('format', values.format, ['auto', ...HISTORY_FORMATS] as const, 'auto');
  const timeoutMs = intOption('timeout-ms', values['timeout-ms'], 60_000, 1);
  const nodes = values.nodes === undefined ? undefined : nodesOption(values.nodes);
  const history = readHistoryFile(file, format);
  const model = values.model === undefined ? inferLinModel(history) : choiceOption('model', values.model, LIN_MODEL_NAMES, 'register');
  if (model === undefined) {
    throw new FaultlineError('usage', `lin: cannot tell which model the history uses; pass --model ${LIN_MODEL_NAMES.join('|')}`, { file });
  }
  const bound = bindLinModel(history, model, nodes === undefined ? {} : { nodes });
  const started = performance.now();
  const result = bound.check({ timeoutMs });
  const ms = Math.round((performance.now() - started) * 100) / 100;

  if (values.html !== undefined) {
    writeNewFileAtomic(values.html, renderLinHtml({ file, model, operations: bound.operations, result }));
  }
  if (values.json) {
    io.stdout(`${JSON.stringify(jsonReport(file, history.format, bound, result, ms, values.html))}\n`);
  } else {
    io.stdout(textReport(file, bound, result, ms, values.html));
  }
  switch (result.kind) {
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
    throw new FaultlineError('usage', `--nodes takes ID=CPUm/MEMMi[,...], e.g. n1=4000m/8192Mi,n2=2000m/4096Mi; ${problem}`, { got: raw });
  };
  const nodes = raw.split(',').map((item): LedgerNode => {
    const match = NODE_SYNTAX.exec(item.trim());
    if (!match) return usage(`cannot read ${JSON.stringify(item)}`);
    const [, id = '', cpu = '', memory = ''] = match;
    return { id, capacity: { cpuMillis: Number(cpu), memoryMiB: Number(memory) } };
  });
  const problem = ledgerNodesProblem(nodes);
  return problem === undefined ? nodes : usage(problem);
}

function jsonReport(file: string, format: string, bound: BoundLinCheck, result: LinResult, ms: number, html: string | undefined) {
  const describe = (index: number | undefined) => {
    const operation = index === undefined ? undefined : bound.operations[index];
    return operation === undefined ? null : { index, client: operation.client, line: operation.line, operation: operation.label };
  };
  const base = { verdict: result.kind, operations: bound.operations.length, partitions: result.partitions.length, ms, file, format, model: bound.model, ...(html ? { html } : {}) };
  if (result.kind !== 'illegal') return base;
  const partition = result.partitions[result.illegalPartition];
  return {
    ...base,
    illegalPartition: result.illegalPartition,
    stuckAt: describe(partition?.stuckAt),
    longest: (partition?.longest ?? []).map((partial) => ({ operations: partial.operations.map((index) => bound.operations[index]?.label ?? ''), stuckAt: describe(partial.stuckAt) })),
  };
}

function textReport(file: string, bound: BoundLinCheck, result: LinResult, ms: number, html: string | undefined): string {
  const summary = `${bound.operations.length} operations, ${result.partitions.length} partition(s), ${ms} ms, model ${bound.model}`;
  const lines: string[] = [];
  switch (result.kind) {
    case 'ok':
      lines.push(`${file}: linearizable (${summary})`);
      break;
    case 'unknown':
      lines.push(`${file}: unknown: the check timed out before deciding (${summary}); try a larger --timeout-ms`);
      break;
    case 'illegal': {
      lines.push(`${file}: NOT linearizable (${summary})`);
      const partition = result.partitions[result.illegalPartition];
      const at = partition?.stuckAt === undefined ? undefined : bound.operations[partition.stuckAt];
      if (at) lines.push(`  every linearization got stuck at line ${at.line}: client ${at.client} ${at.label}`);
      const longest = partition?.longest[0];
      if (longest) {
        const shown = longest.operations.slice(-SHOWN_TAIL).map((index) => bound.operations[index]?.label ?? '?');
        const skipped = longest.operations.length - shown.length;
        lines.push(`  longest partial linearization (${longest.operations.length} operations)${skipped > 0 ? `, last ${shown.length}` : ''}: ${shown.join(', ') || '(empty)'}`);
      }
      break;
    }
  }
  if (html) lines.push(`  wrote ${html}`);
  return `${lines.join('\n')}\n`;
}
