import { FaultlineError } from '../../model/faultline-error.js';
import { ledgerNodesProblem, type LedgerNode } from '../../model/ledger-spec.js';
import type { EdnValue } from './edn-reader.js';
import type { RecordedHistory, RecordedOperation, RecordedOutcome } from './history.js';

/** The marker that identifies faultline's own history JSON. */
export const FAULTLINE_HISTORY_FORMAT = 'faultline-history';

/**
 * Reads faultline's own history JSON:
 *
 * ```json
 * { "format": "faultline-history", "version": 1, "model": "ledger",
 *   "nodes": [ { "id": "n1", "capacity": { "cpuMillis": 4000, "memoryMiB": 8192 } } ],
 *   "operations": [
 *     { "client": 0, "f": "submit", "value": { "job": "j1", "demand": { "cpuMillis": 500, "memoryMiB": 256 }, "tenant": "a" },
 *       "call": 0, "return": 4, "outcome": "ok", "result": { "node": "n1" } },
 *     { "client": 1, "f": "submit", "value": { "job": "j2", "demand": { "cpuMillis": 9000, "memoryMiB": 1 } },
 *       "call": 1, "return": 3, "outcome": "refused" },
 *     { "client": 0, "f": "complete", "value": { "job": "j1" }, "call": 5, "return": 6, "outcome": "ok" },
 *     { "client": 2, "f": "complete", "value": { "job": "j7" }, "call": 5, "return": 7, "outcome": "refused" },
 *     { "client": 1, "f": "query", "call": 8, "return": null, "outcome": "open" },
 *     { "client": 2, "f": "query", "call": 9, "return": 10, "outcome": "ok",
 *       "result": { "n1": { "cpuMillis": 0, "memoryMiB": 0 } } } ] }
 * ```
 *
 * `outcome` is `ok`, `refused` (completed without effect: a rejected submit,
 * a complete of a job the service does not know, a failed cas),
 * `result-unknown` (completed, result lost), `open` (unknown outcome;
 * `return` is null) or `fail` (did not happen: dropped). A placed submit's
 * `result` names the node; a query's `result` maps node ids to their
 * allocated vectors (a node left out has nothing allocated). Times are
 * numbers in any unit; `model`, `nodes` (the ledger's cluster: distinct ids,
 * whole non-negative capacities) and `key` are optional. How `value` and
 * `result` are read is the model's business (`lin-models.ts`).
 */
export function parseFaultlineHistory(text: string, file: string): RecordedHistory {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    throw new FaultlineError('not-json', 'the history is not valid JSON', { file, line: position ? lineAt(text, Number(position[1])) : 1 });
  }
  const top = asRecord(document);
  if (!top || top.format !== FAULTLINE_HISTORY_FORMAT || !Array.isArray(top.operations)) {
    throw new FaultlineError('parse', `expected {"format": "${FAULTLINE_HISTORY_FORMAT}", "version": 1, "operations": [...]}`, { file, line: 1 });
  }
  if (top.version !== 1) throw new FaultlineError('format-version', 'this faultline reads history version 1', { file, line: 1, got: String(top.version) });
  const lines = elementLines(text);
  const operations: RecordedOperation[] = [];
  top.operations.forEach((raw: unknown, index: number) => {
    const line = lines[index] ?? 1;
    const bad = (message: string): never => {
      throw new FaultlineError('parse', `operation ${index}: ${message}`, { file, line });
    };
    const entry = asRecord(raw) ?? bad('is not an object');
    const { client, f, call, outcome } = entry;
    if (typeof client !== 'number' || !Number.isInteger(client)) bad('"client" must be a whole number');
    if (typeof f !== 'string' || f === '') bad('"f" must name the operation, e.g. "read"');
    if (typeof call !== 'number' || !Number.isFinite(call)) bad('"call" must be a finite number');
    const returned = entry.return === undefined || entry.return === null ? Infinity : entry.return;
    if (typeof returned !== 'number' || Number.isNaN(returned) || returned < (call as number)) bad('"return" must be a number no earlier than "call", or null');
    const result = toEdn(entry.result);
    let recorded: RecordedOutcome;
    switch (outcome) {
      case 'ok': recorded = { kind: 'ok', value: result }; break;
      case 'refused': recorded = { kind: 'refused', value: result }; break;
      case 'result-unknown': recorded = { kind: 'result-unknown' }; break;
      case 'open': recorded = { kind: 'open' }; break;
      case 'fail': return;
      default: return bad('"outcome" must be ok, refused, result-unknown, open or fail');
    }
    const open = recorded.kind === 'open';
    if (!open && returned === Infinity) bad('a completed operation needs a "return" time');
    operations.push({
      client: client as number,
      f: f as string,
      key: entry.key === undefined ? undefined : toEdn(entry.key),
      value: toEdn(entry.value),
      outcome: recorded,
      call: call as number,
      return: open ? Infinity : (returned as number),
      line,
    });
  });
  return {
    file,
    format: 'faultline',
    operations,
    ...(typeof top.model === 'string' ? { model: top.model } : {}),
    ...(top.nodes === undefined ? {} : { nodes: readNodes(top.nodes, file) }),
  };
}

/** The ledger's cluster nodes, checked as the ledger spec would check them but reported as bad input. */
function readNodes(raw: unknown, file: string): LedgerNode[] {
  const bad = (message: string): never => {
    throw new FaultlineError('parse', `"nodes": ${message}`, { file, line: 1 });
  };
  if (!Array.isArray(raw)) return bad('expected [{"id": "n1", "capacity": {"cpuMillis": 4000, "memoryMiB": 8192}}, ...]');
  const nodes = raw.map((entry: unknown, index: number): LedgerNode => {
    const node = asRecord(entry);
    const capacity = asRecord(node?.capacity);
    if (!node || typeof node.id !== 'string' || !capacity) return bad(`node ${index} must be {"id": "n1", "capacity": {"cpuMillis": 4000, "memoryMiB": 8192}}`);
    const { cpuMillis, memoryMiB } = capacity;
    if (typeof cpuMillis !== 'number' || typeof memoryMiB !== 'number') return bad(`node ${index} needs a capacity with numbers "cpuMillis" and "memoryMiB"`);
    return { id: node.id, capacity: { cpuMillis, memoryMiB } };
  });
  const problem = ledgerNodesProblem(nodes);
  return problem === undefined ? nodes : bad(problem);
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** JSON values as EDN values: objects become maps with keyword keys. */
function toEdn(value: unknown): EdnValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(toEdn);
  const record = asRecord(value) ?? {};
  return { kind: 'map', entries: Object.entries(record).map(([key, item]) => [{ kind: 'keyword', name: key }, toEdn(item)] as const) };
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * The line on which each element of the top-level "operations" array starts,
 * found by a scan that tracks nesting and strings, so errors can name a line.
 */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let lastString = '';
  let stringStart = 0;
  let operationsDepth = -1;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        lastString = text.slice(stringStart, i);
      }
      continue;
    }
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') continue;
    if (expectElement && c !== ']') {
      lines.push(line);
      expectElement = false;
    }
    if (c === '"') {
      inString = true;
      stringStart = i + 1;
    } else if (c === '[' || c === '{') {
      depth++;
      if (c === '[' && depth === 2 && lastString === 'operations' && operationsDepth < 0) {
        operationsDepth = depth;
        expectElement = true;
      }
    } else if (c === ']' || c === '}') {
      if (depth === operationsDepth) operationsDepth = -2;
      depth--;
    } else if (c === ',' && depth === operationsDepth) {
      expectElement = true;
    }
  }
  return lines;
}
