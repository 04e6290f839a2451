import { FaultlineError } from '../../model/faultline-error.js';
import { ledgerNodesProblem, type LedgerNode } from '../../model/ledger-spec.js';
import { clipText } from './clip-text.js';
import type { EdnValue } from './edn-reader.js';
import type { RecordedHistory, RecordedOperation, RecordedOutcome } from './history.js';
import { readJsonMembers } from './read-json-members.js';

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
export function parseFaultlineHistory(chunks: Iterable<string>, file: string): RecordedHistory {
  const top = new Map<string, { value: unknown; line: number }>();
  const operations: RecordedOperation[] = [];
  const turns: ClientTurn[] = [];
  for (const member of readJsonMembers(chunks, file, TOP_KEYS, 'operations')) {
    if (member.kind === 'member') {
      top.set(member.key, member);
      continue;
    }
    const recorded = readOperation(member.value, member.index, member.line, file, turns);
    if (recorded !== undefined) operations.push(recorded);
  }
  const trace = fromTrace(top, file, turns);
  if (trace !== undefined) {
    checkClientTurns(turns, file);
    return trace;
  }
  if (top.get('format')?.value !== FAULTLINE_HISTORY_FORMAT || !top.has('operations')) {
    throw new FaultlineError('parse', `expected {"format": "${FAULTLINE_HISTORY_FORMAT}", "version": 1, "operations": [...]}`, { file, line: top.get('format')?.line ?? 1 });
  }
  const version = top.get('version');
  if (version?.value !== 1) throw new FaultlineError('format-version', 'this faultline reads history version 1', { file, line: version?.line ?? 1, got: clipText(String(version?.value)) });
  checkClientTurns(turns, file);
  const model = top.get('model')?.value;
  const nodes = top.get('nodes');
  return {
    file,
    format: 'faultline',
    operations,
    ...(typeof model === 'string' ? { model } : {}),
    ...(nodes === undefined ? {} : { nodes: readNodes(nodes.value, file, nodes.line) }),
  };
}

/**
 * The top-level members read whole; "operations" is streamed element by
 * element. A trace's members are read too (its events are skipped, unread).
 */
const TOP_KEYS: ReadonlySet<string> = new Set(['format', 'version', 'model', 'nodes', 'formatVersion', 'config', 'history']);

/**
 * A faultline trace carries its run's client history in this same shape,
 * with the cluster's nodes in its configuration: read as a history of the
 * ledger model over those nodes (`n0`, `n1`, ... with their capacities), so
 * `faultline lin TRACE.json` checks a run's history on its own (a trace of
 * a user's protocol names no model). Undefined when the file is not a trace.
 */
function fromTrace(top: ReadonlyMap<string, { value: unknown; line: number }>, file: string, turns: ClientTurn[]): RecordedHistory | undefined {
  const history = top.get('history');
  if (!top.has('formatVersion') || history === undefined || !Array.isArray(history.value)) return undefined;
  const cluster = asRecord(asRecord(top.get('config')?.value)?.cluster);
  const capacities = cluster?.capacities;
  const nodes = Array.isArray(capacities) ? readNodes(capacities.map((capacity: unknown, node) => ({ id: `n${node}`, capacity })), file, history.line) : undefined;
  const operations: RecordedOperation[] = [];
  history.value.forEach((raw: unknown, index: number) => {
    const recorded = readOperation(raw, index, history.line, file, turns);
    if (recorded !== undefined) operations.push(recorded);
  });
  // A user's protocol has a client API of its own, so its trace names no model of faultline's.
  const model = cluster?.kind === 'leaderless' ? 'ledger-may-refuse' : cluster?.kind === 'custom' ? undefined : 'ledger';
  return { file, format: 'faultline', operations, ...(model === undefined ? {} : { model }), ...(nodes === undefined ? {} : { nodes }) };
}

/** When one operation of a client ran, for the rule that a client runs one operation at a time. */
interface ClientTurn {
  readonly client: number;
  readonly call: number;
  /** `Infinity` for an operation of unknown outcome: like Jepsen's `:info`, it ends the client's turn. */
  readonly return: number;
  readonly line: number;
}

/** One element of "operations" as a recorded operation, or undefined for a `fail` (which did not happen). */
function readOperation(raw: unknown, index: number, line: number, file: string, turns: ClientTurn[]): RecordedOperation | undefined {
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
  let recorded: RecordedOutcome | undefined;
  switch (outcome) {
    case 'ok': recorded = { kind: 'ok', value: result }; break;
    case 'refused': recorded = { kind: 'refused', value: result }; break;
    case 'result-unknown': recorded = { kind: 'result-unknown' }; break;
    case 'open': recorded = { kind: 'open' }; break;
    case 'fail': recorded = undefined; break;
    default: return bad('"outcome" must be ok, refused, result-unknown, open or fail');
  }
  const open = recorded?.kind === 'open';
  if (!open && returned === Infinity) bad('a completed operation needs a "return" time');
  turns.push({ client: client as number, call: call as number, return: open ? Infinity : (returned as number), line });
  if (recorded === undefined) return undefined;
  return {
    client: client as number,
    f: f as string,
    key: entry.key === undefined ? undefined : toEdn(entry.key),
    value: toEdn(entry.value),
    outcome: recorded,
    call: call as number,
    return: open ? Infinity : (returned as number),
    line,
  };
}

/**
 * The rule every history format follows: a client runs one operation at a
 * time, calling the next only once the previous one returned (touching is
 * fine). An operation of unknown outcome ends its client's turn, as
 * Jepsen's `:info` does.
 */
function checkClientTurns(turns: ClientTurn[], file: string): void {
  turns.sort((a, b) => a.client - b.client || a.call - b.call || a.line - b.line);
  for (let i = 1; i < turns.length; i++) {
    const before = turns[i - 1] as ClientTurn;
    const turn = turns[i] as ClientTurn;
    if (turn.client === before.client && before.return !== Infinity && turn.call < before.return) {
      throw new FaultlineError('parse', `client ${turn.client} calls an operation at ${turn.call}, before its operation from line ${before.line} returned (at ${before.return}): a client runs one operation at a time`, { file, line: turn.line });
    }
  }
}

/** The ledger's cluster nodes, checked as the ledger spec would check them but reported as bad input. */
function readNodes(raw: unknown, file: string, line: number): LedgerNode[] {
  const bad = (message: string): never => {
    throw new FaultlineError('parse', `"nodes": ${message}`, { file, line });
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
