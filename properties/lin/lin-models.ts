import { FaultlineError } from '../../model/faultline-error.js';
import type { KvInput, KvOutput } from '../../model/kv-spec.js';
import { kvSpec } from '../../model/kv-spec.js';
import { ledgerNodesProblem, ledgerSpec, type LedgerInput, type LedgerNode, type LedgerOutput } from '../../model/ledger-spec.js';
import type { LinSpec } from '../../model/lin-spec.js';
import { mayRefuseLedgerSpec } from '../../model/may-refuse-ledger-spec.js';
import { toDeterministicSpec } from '../../model/nondeterministic-spec.js';
import { registerSpec, type RegisterInput, type RegisterOutput, type RegisterValue } from '../../model/register-spec.js';
import { assertNever } from '../../model/assert-never.js';
import { isWholeResources, type Resources } from '../../model/resources.js';
import { checkLinearizable, type CheckLinearizableOptions } from './check-linearizable.js';
import { clipText } from './clip-text.js';
import { ednGet, keywordName, showEdn, type EdnMap, type EdnValue } from './edn-reader.js';
import type { LinOperation, RecordedHistory, RecordedOperation } from './history.js';
import type { LinResult } from './lin-result.js';

export const LIN_MODEL_NAMES = ['register', 'kv', 'ledger', 'ledger-may-refuse'] as const;
export type LinModelName = (typeof LIN_MODEL_NAMES)[number];

/** An operation as reports and the HTML view show it. */
export interface DescribedOperation {
  readonly client: number;
  readonly call: number;
  readonly return: number;
  readonly label: string;
  readonly line: number;
}

/** A history decoded for one model, ready to be checked (several times, for the benchmark). */
export interface BoundLinCheck {
  readonly model: LinModelName;
  /** The checked operations, in the order the result's indices refer to. */
  readonly operations: readonly DescribedOperation[];
  check(options?: CheckLinearizableOptions): LinResult;
}

const MODEL_OPERATIONS: Record<LinModelName, readonly string[]> = {
  register: ['read', 'write', 'cas'],
  kv: ['get', 'put', 'append'],
  ledger: ['submit', 'complete', 'query', 'move'],
  'ledger-may-refuse': ['submit', 'complete', 'query', 'move'],
};

/** The model a history names, or the one whose operation names it uses. */
export function inferLinModel(history: RecordedHistory): LinModelName | undefined {
  if (history.model !== undefined) return (LIN_MODEL_NAMES as readonly string[]).includes(history.model) ? (history.model as LinModelName) : undefined;
  switch (history.format) {
    case 'porcupine-etcd': return 'register';
    case 'porcupine-kv': return 'kv';
    case 'jepsen-edn':
    case 'faultline': {
      const first = history.operations[0];
      if (!first) return 'register';
      return (['register', 'kv', 'ledger'] as const).find((model) => MODEL_OPERATIONS[model].includes(first.f));
    }
    default: return assertNever(history.format, 'history format');
  }
}

/**
 * Decodes a parsed history into one model's typed operations. Bad input
 * (an unknown `:f`, a value of the wrong shape) names the file and line.
 * The ledger models need the cluster's nodes: `options.nodes` (the CLI's
 * `--nodes`) wins over the `nodes` a faultline history carries.
 */
export function bindLinModel(history: RecordedHistory, model: LinModelName, options: { readonly nodes?: readonly LedgerNode[] } = {}): BoundLinCheck {
  const fail = (operation: RecordedOperation, message: string): never => {
    throw new FaultlineError('parse', message, { file: history.file, line: operation.line });
  };
  const unknownF = (operation: RecordedOperation): never =>
    fail(operation, `unknown :f :${clipText(operation.f)} for model ${model} (expected ${MODEL_OPERATIONS[model].map((f) => `:${f}`).join(', ')})`);
  switch (model) {
    case 'register':
      return bind(model, registerSpec, history, (operation) => decodeRegister(operation, fail, unknownF));
    case 'kv':
      return bind(model, kvSpec, history, (operation) => decodeKv(operation, fail, unknownF));
    case 'ledger':
    case 'ledger-may-refuse': {
      const nodes = options.nodes ?? history.nodes;
      if (nodes === undefined) {
        throw new FaultlineError('usage', `model ${model} needs the cluster's nodes (--nodes n1=4000m/8192Mi,..., or "nodes" in a faultline history)`, { file: history.file });
      }
      const problem = ledgerNodesProblem(nodes);
      if (problem !== undefined) throw new FaultlineError('usage', `model ${model}: ${problem}`, { file: history.file });
      const spec = toDeterministicSpec(model === 'ledger' ? ledgerSpec(nodes) : mayRefuseLedgerSpec(nodes));
      const known = new Set(nodes.map((node) => node.id));
      return bind(model, spec, history, (operation) => decodeLedger(operation, known, fail, unknownF));
    }
    default:
      return assertNever(model, 'model');
  }
}

type Fail = (operation: RecordedOperation, message: string) => never;

function bind<S, I, O>(
  model: LinModelName,
  spec: LinSpec<S, I, O>,
  history: RecordedHistory,
  decode: (operation: RecordedOperation) => LinOperation<I, O> | undefined,
): BoundLinCheck {
  const kept: RecordedOperation[] = [];
  const operations: LinOperation<I, O>[] = [];
  for (const recorded of history.operations) {
    const operation = decode(recorded);
    if (operation === undefined) continue;
    kept.push(recorded);
    operations.push(operation);
  }
  const describe = spec.describeOperation ?? ((input: I, output: O) => `${JSON.stringify(input)} -> ${JSON.stringify(output)}`);
  const described = operations.map((operation, index) => new LabelledOperation(operation, kept[index]?.line ?? 0, describe));
  return { model, operations: described, check: (options) => checkLinearizable(spec, operations, options) };
}

/** An operation as reports show it; its label is made when first asked for, since most checks never show one. */
class LabelledOperation<I, O> implements DescribedOperation {
  readonly client: number;
  readonly call: number;
  readonly return: number;
  private text: string | undefined;

  constructor(
    private readonly operation: LinOperation<I, O>,
    readonly line: number,
    private readonly describe: (input: I, output: O) => string,
  ) {
    this.client = operation.client;
    this.call = operation.call;
    this.return = operation.return;
  }

  get label(): string {
    this.text ??= this.describe(this.operation.input, this.operation.output);
    return this.text;
  }
}

function timed<I, O>(operation: RecordedOperation, input: I, output: O): LinOperation<I, O> {
  return { client: operation.client, call: operation.call, return: operation.return, input, output };
}

function registerValue(operation: RecordedOperation, value: EdnValue, fail: Fail): RegisterValue {
  if (value === null || typeof value === 'number' || typeof value === 'string') return value;
  const keyword = keywordName(value);
  if (keyword !== undefined) return `:${keyword}`;
  return fail(operation, `a register holds nil, numbers or strings, not ${showEdn(value)}`);
}

function decodeRegister(operation: RecordedOperation, fail: Fail, unknownF: (operation: RecordedOperation) => never): LinOperation<RegisterInput, RegisterOutput> | undefined {
  const { outcome } = operation;
  switch (operation.f) {
    case 'read':
      return timed(operation, { kind: 'read' }, outcome.kind === 'ok' ? { kind: 'read', value: registerValue(operation, outcome.value, fail) } : { kind: 'unknown' });
    case 'write':
      // A write has no check of its own, so a refusal means it did not happen.
      if (outcome.kind === 'refused') return undefined;
      return timed(operation, { kind: 'write', value: registerValue(operation, operation.value, fail) }, outcome.kind === 'ok' ? { kind: 'write' } : { kind: 'unknown' });
    case 'cas': {
      const pair = operation.value;
      if (!Array.isArray(pair) || pair.length !== 2) return fail(operation, `a cas value is [from to], not ${showEdn(pair)}`);
      const input: RegisterInput = { kind: 'cas', from: registerValue(operation, pair[0] ?? null, fail), to: registerValue(operation, pair[1] ?? null, fail) };
      const output: RegisterOutput =
        outcome.kind === 'ok' ? { kind: 'cas', swapped: true } : outcome.kind === 'refused' ? { kind: 'cas', swapped: false } : { kind: 'unknown' };
      return timed(operation, input, output);
    }
    default:
      return unknownF(operation);
  }
}

function kvString(operation: RecordedOperation, value: EdnValue | undefined, what: string, fail: Fail): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return fail(operation, `a kv ${what} is a string, not ${showEdn(value)}`);
}

function decodeKv(operation: RecordedOperation, fail: Fail, unknownF: (operation: RecordedOperation) => never): LinOperation<KvInput, KvOutput> | undefined {
  // Jepsen's independent keys put [key value] in :value instead of a :key.
  const tuple = operation.key === undefined && Array.isArray(operation.value) && operation.value.length === 2 ? operation.value : undefined;
  const keyValue = operation.key ?? tuple?.[0];
  if (keyValue === undefined) return fail(operation, 'a kv operation needs a :key');
  const key = kvString(operation, keyValue, 'key', fail);
  const value = tuple ? tuple[1] : operation.value;
  const { outcome } = operation;
  if (outcome.kind === 'refused') return undefined;
  const done: KvOutput = outcome.kind === 'ok' ? { kind: 'done' } : { kind: 'unknown' };
  switch (operation.f) {
    case 'get': {
      const result = outcome.kind === 'ok' ? (tuple && Array.isArray(outcome.value) ? outcome.value[1] : outcome.value) : undefined;
      return timed(operation, { kind: 'get', key }, outcome.kind === 'ok' ? { kind: 'get', value: kvString(operation, result, 'value', fail) } : { kind: 'unknown' });
    }
    case 'put':
      return timed(operation, { kind: 'put', key, value: kvString(operation, value, 'value', fail) }, done);
    case 'append':
      return timed(operation, { kind: 'append', key, value: kvString(operation, value, 'value', fail) }, done);
    default:
      return unknownF(operation);
  }
}

function isEdnMap(value: EdnValue | undefined): value is EdnMap {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value) && (value as { kind?: string }).kind === 'map';
}

/** A job, node or tenant id: a string, a keyword (without its colon) or a whole number. */
function ledgerId(value: EdnValue | undefined): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return keywordName(value);
}

/** A resource vector: `{:cpuMillis 500 :memoryMiB 256}`, or `:cpu-millis` and `:memory-mib` in EDN's kebab case. */
function ledgerResources(value: EdnValue | undefined): Resources | undefined {
  if (!isEdnMap(value)) return undefined;
  const cpuMillis = ednGet(value, 'cpuMillis') ?? ednGet(value, 'cpu-millis');
  const memoryMiB = ednGet(value, 'memoryMiB') ?? ednGet(value, 'memory-mib');
  if (typeof cpuMillis !== 'number' || typeof memoryMiB !== 'number') return undefined;
  const vector = { cpuMillis, memoryMiB };
  return isWholeResources(vector) ? vector : undefined;
}

/** True for the keyword or string `word`, how a result such as `:rejected` is written. */
function isWord(value: EdnValue, word: string): boolean {
  return value === word || keywordName(value) === word;
}

/**
 * Decodes the job API: `:submit` with `{:job id :demand {...} :tenant id}`
 * (tenant optional), `:complete` with `{:job id}` or the bare id, `:query`,
 * and `:move` with `{:job id :node id}` (ok: moved; refused: declined).
 * A submit's result is a map with `:node` (placed) and optionally `:grant`
 * (a partial grant), or `:rejected`; a
 * `refused` outcome is a rejection too. A complete's `refused` outcome, or
 * an ok with `:unknown-job`, says the job was not placed. A query's result
 * maps node ids to allocated vectors. Every other outcome is unknown, except
 * that a refused query, which neither acted nor observed, is left out.
 */
function decodeLedger(
  operation: RecordedOperation,
  nodes: ReadonlySet<string>,
  fail: Fail,
  unknownF: (operation: RecordedOperation) => never,
): LinOperation<LedgerInput, LedgerOutput> | undefined {
  const { outcome, value } = operation;
  const node = (id: string | undefined, what: string): string =>
    id !== undefined && nodes.has(id) ? id : fail(operation, `${what} names node ${clipText(id ?? 'nil')}, which is not one of the ledger's nodes (${clipText([...nodes].join(', '))})`);
  switch (operation.f) {
    case 'submit': {
      const shape = 'a :submit value is {:job id :demand {:cpuMillis n :memoryMiB n} :tenant id}';
      if (!isEdnMap(value)) return fail(operation, `${shape}, not ${showEdn(value)}`);
      const job = ledgerId(ednGet(value, 'job')) ?? fail(operation, `${shape}: :job is missing or not an id`);
      const demand = ledgerResources(ednGet(value, 'demand')) ?? fail(operation, `${shape}: :demand must hold whole, non-negative numbers`);
      const tenantValue = ednGet(value, 'tenant');
      const tenant = tenantValue === undefined || tenantValue === null ? undefined : (ledgerId(tenantValue) ?? fail(operation, `${shape}: :tenant is not an id`));
      const input: LedgerInput = tenant === undefined ? { kind: 'submit', job, demand } : { kind: 'submit', job, demand, tenant };
      if (outcome.kind === 'refused') return timed(operation, input, { kind: 'rejected' });
      if (outcome.kind !== 'ok') return timed(operation, input, { kind: 'unknown' });
      if (isWord(outcome.value, 'rejected')) return timed(operation, input, { kind: 'rejected' });
      if (!isEdnMap(outcome.value)) return fail(operation, `a :submit result is {:node id} or :rejected, not ${showEdn(outcome.value)}`);
      const placedOn = node(ledgerId(ednGet(outcome.value, 'node')), 'the placement');
      const grantValue = ednGet(outcome.value, 'grant');
      if (grantValue === undefined || grantValue === null) return timed(operation, input, { kind: 'placed', node: placedOn });
      const grant = ledgerResources(grantValue) ?? fail(operation, `a placement's :grant must hold whole, non-negative numbers, not ${showEdn(grantValue)}`);
      return timed(operation, input, { kind: 'placed', node: placedOn, grant });
    }
    case 'complete': {
      const job = ledgerId(isEdnMap(value) ? ednGet(value, 'job') : value) ?? fail(operation, `a :complete value is {:job id} or the id, not ${showEdn(value)}`);
      const input: LedgerInput = { kind: 'complete', job };
      if (outcome.kind === 'refused' || (outcome.kind === 'ok' && isWord(outcome.value, 'unknown-job'))) return timed(operation, input, { kind: 'unknown-job' });
      return timed(operation, input, outcome.kind === 'ok' ? { kind: 'completed' } : { kind: 'unknown' });
    }
    case 'move': {
      const shape = 'a :move value is {:job id :node id}';
      if (!isEdnMap(value)) return fail(operation, `${shape}, not ${showEdn(value)}`);
      const job = ledgerId(ednGet(value, 'job')) ?? fail(operation, `${shape}: :job is missing or not an id`);
      const input: LedgerInput = { kind: 'move', job, node: node(ledgerId(ednGet(value, 'node')), 'the move') };
      if (outcome.kind === 'refused') return timed(operation, input, { kind: 'refused' });
      return timed(operation, input, outcome.kind === 'ok' ? { kind: 'moved' } : { kind: 'unknown' });
    }
    case 'query': {
      if (outcome.kind === 'refused') return undefined;
      if (outcome.kind !== 'ok') return timed(operation, { kind: 'query' }, { kind: 'unknown' });
      const result = outcome.value;
      const shape = 'a :query returns {node-id {:cpuMillis n :memoryMiB n} ...}';
      if (!isEdnMap(result)) return fail(operation, `${shape}, not ${showEdn(result)}`);
      const entries = result.entries.map(([key, vector]): [string, Resources] => {
        const id = node(ledgerId(key), 'the query result');
        return [id, ledgerResources(vector) ?? fail(operation, `${shape}: node ${clipText(id)} has ${showEdn(vector)}`)];
      });
      return timed(operation, { kind: 'query' }, { kind: 'allocations', allocated: Object.fromEntries(entries) });
    }
    default:
      return unknownF(operation);
  }
}
