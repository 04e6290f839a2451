import { FaultlineError } from '../../model/faultline-error.js';
import type { KvInput, KvOutput } from '../../model/kv-spec.js';
import { kvSpec } from '../../model/kv-spec.js';
import { ledgerSpec, type LedgerInput, type LedgerOutput } from '../../model/ledger-spec.js';
import type { LinSpec } from '../../model/lin-spec.js';
import { mayRefuseLedgerSpec } from '../../model/may-refuse-ledger-spec.js';
import { toDeterministicSpec } from '../../model/nondeterministic-spec.js';
import { registerSpec, type RegisterInput, type RegisterOutput, type RegisterValue } from '../../model/register-spec.js';
import { assertNever } from '../../model/assert-never.js';
import { checkLinearizable, type CheckLinearizableOptions } from './check-linearizable.js';
import { keywordName, showEdn, type EdnValue } from './edn-reader.js';
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
  ledger: ['acquire', 'release', 'query'],
  'ledger-may-refuse': ['acquire', 'release', 'query'],
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
 */
export function bindLinModel(history: RecordedHistory, model: LinModelName, options: { readonly capacity?: number } = {}): BoundLinCheck {
  const fail = (operation: RecordedOperation, message: string): never => {
    throw new FaultlineError('parse', message, { file: history.file, line: operation.line });
  };
  const unknownF = (operation: RecordedOperation): never =>
    fail(operation, `unknown :f :${operation.f} for model ${model} (expected ${MODEL_OPERATIONS[model].map((f) => `:${f}`).join(', ')})`);
  switch (model) {
    case 'register':
      return bind(model, registerSpec, history, (operation) => decodeRegister(operation, fail, unknownF));
    case 'kv':
      return bind(model, kvSpec, history, (operation) => decodeKv(operation, fail, unknownF));
    case 'ledger':
    case 'ledger-may-refuse': {
      const capacity = options.capacity ?? history.capacity;
      if (capacity === undefined) {
        throw new FaultlineError('usage', `model ${model} needs the pool's capacity (--capacity N, or "capacity" in a faultline history)`, { file: history.file });
      }
      const spec = model === 'ledger' ? ledgerSpec(capacity) : toDeterministicSpec(mayRefuseLedgerSpec(capacity));
      return bind(model, spec as LinSpec<unknown, LedgerInput, LedgerOutput>, history, (operation) => decodeLedger(operation, fail, unknownF));
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
  const described = operations.map((operation, index): DescribedOperation => ({
    client: operation.client,
    call: operation.call,
    return: operation.return,
    label: describe(operation.input, operation.output),
    line: kept[index]?.line ?? 0,
  }));
  return { model, operations: described, check: (options) => checkLinearizable(spec, operations, options) };
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

function decodeLedger(operation: RecordedOperation, fail: Fail, unknownF: (operation: RecordedOperation) => never): LinOperation<LedgerInput, LedgerOutput> | undefined {
  const { outcome } = operation;
  const amount = (): number => {
    const value = operation.value;
    return typeof value === 'number' && value >= 0 ? value : fail(operation, `:${operation.f} takes an amount of units, not ${showEdn(value)}`);
  };
  switch (operation.f) {
    case 'acquire': {
      // A refusal is either the `refused` outcome or an ok whose value is :refused.
      const refused = outcome.kind === 'refused' || (outcome.kind === 'ok' && keywordName(outcome.value) === 'refused');
      return timed(operation, { kind: 'acquire', amount: amount() }, refused ? { kind: 'refused' } : outcome.kind === 'ok' ? { kind: 'granted' } : { kind: 'unknown' });
    }
    case 'release':
      if (outcome.kind === 'refused') return undefined;
      return timed(operation, { kind: 'release', amount: amount() }, outcome.kind === 'ok' ? { kind: 'released' } : { kind: 'unknown' });
    case 'query': {
      if (outcome.kind !== 'ok') return timed(operation, { kind: 'query' }, { kind: 'unknown' });
      const free = outcome.value;
      if (typeof free !== 'number') return fail(operation, `a :query returns the number of free units, not ${showEdn(free)}`);
      return timed(operation, { kind: 'query' }, { kind: 'free', free });
    }
    default:
      return unknownF(operation);
  }
}
