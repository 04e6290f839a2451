import { describe, expect, it } from 'vitest';
import type { LedgerNode } from '../../model/ledger-spec.js';
import type { EdnValue } from './edn-reader.js';
import type { RecordedHistory, RecordedOperation } from './history.js';
import { bindLinModel, inferLinModel } from './lin-models.js';

const op = (f: string, value: RecordedOperation['value'], outcome: RecordedOperation['outcome'], call: number, ret: number, extra: Partial<RecordedOperation> = {}): RecordedOperation => ({
  client: 0, f, key: undefined, value, outcome, call, return: ret, line: call + 1, ...extra,
});
const history = (operations: RecordedOperation[], extra: Partial<RecordedHistory> = {}): RecordedHistory => ({ file: 'h.edn', format: 'jepsen-edn', operations, ...extra });

describe('inferLinModel', () => {
  it('follows the format, then the named model, then the operation names', () => {
    expect(inferLinModel(history([], { format: 'porcupine-etcd' }))).toBe('register');
    expect(inferLinModel(history([], { format: 'porcupine-kv' }))).toBe('kv');
    expect(inferLinModel(history([], { format: 'faultline', model: 'ledger-may-refuse' }))).toBe('ledger-may-refuse');
    expect(inferLinModel(history([], { format: 'faultline', model: 'queue' }))).toBeUndefined();
    expect(inferLinModel(history([op('append', 'x', { kind: 'ok', value: 'x' }, 0, 1, { key: 'k' })]))).toBe('kv');
    expect(inferLinModel(history([op('submit', null, { kind: 'ok', value: null }, 0, 1)]))).toBe('ledger');
    expect(inferLinModel(history([op('complete', 'j1', { kind: 'ok', value: null }, 0, 1)]))).toBe('ledger');
    expect(inferLinModel(history([op('enqueue', 1, { kind: 'ok', value: null }, 0, 1)]))).toBeUndefined();
  });
});

describe('bindLinModel', () => {
  it('decodes register operations, with a refused cas as a failed compare', () => {
    const bound = bindLinModel(
      history([op('write', 1, { kind: 'ok', value: 1 }, 0, 1), op('cas', [2, 3], { kind: 'refused', value: [2, 3] }, 2, 3), op('read', null, { kind: 'ok', value: 1 }, 4, 5)]),
      'register',
    );
    expect(bound.operations.map((operation) => operation.label)).toEqual(['write(1)', 'cas(2, 3) -> fail', 'read() -> 1']);
    expect(bound.check().kind).toBe('ok');
  });

  it('decodes Jepsen independent keys given as [key value] tuples', () => {
    const bound = bindLinModel(
      history([op('put', ['k', 'a'], { kind: 'ok', value: ['k', 'a'] }, 0, 1), op('get', ['k', null], { kind: 'ok', value: ['k', 'b'] }, 2, 3)]),
      'kv',
    );
    expect(bound.operations.map((operation) => operation.label)).toEqual(['put("k", "a")', 'get("k") -> "b"']);
    expect(bound.check().kind).toBe('illegal');
  });

  const keyword = (name: string): EdnValue => ({ kind: 'keyword', name });
  const map = (entries: Record<string, EdnValue>): EdnValue => ({ kind: 'map', entries: Object.entries(entries).map(([key, value]) => [keyword(key), value] as const) });
  const demand = (cpuMillis: number, memoryMiB: number): EdnValue => map({ cpuMillis, memoryMiB });
  const nodes: LedgerNode[] = [
    { id: 'n1', capacity: { cpuMillis: 1000, memoryMiB: 1024 } },
    { id: 'n2', capacity: { cpuMillis: 500, memoryMiB: 512 } },
  ];

  it('decodes the job API: submit, complete and query, with their results', () => {
    const recorded = history([
      op('submit', map({ job: 'j1', demand: demand(600, 100), tenant: keyword('a') }), { kind: 'ok', value: map({ node: 'n1' }) }, 0, 1),
      op('submit', map({ job: 7, demand: map({ 'cpu-millis': 500, 'memory-mib': 512 }) }), { kind: 'ok', value: map({ node: keyword('n2') }) }, 2, 3),
      op('submit', map({ job: 'j3', demand: demand(600, 1) }), { kind: 'refused', value: null }, 4, 5),
      op('submit', map({ job: 'j4', demand: demand(1, 1) }), { kind: 'ok', value: keyword('rejected') }, 6, 7),
      op('query', null, { kind: 'ok', value: map({ n1: demand(600, 100), n2: demand(500, 512) }) }, 8, 9),
      op('complete', map({ job: 'j1' }), { kind: 'ok', value: null }, 10, 11),
      op('complete', 'j1', { kind: 'refused', value: null }, 12, 13),
      op('complete', 'j9', { kind: 'ok', value: keyword('unknown-job') }, 14, 15),
      op('query', null, { kind: 'refused', value: null }, 16, 17),
      op('submit', map({ job: 'j5', demand: demand(1, 1) }), { kind: 'open' }, 18, Infinity),
    ]);
    const bound = bindLinModel(recorded, 'ledger-may-refuse', { nodes });
    expect(bound.operations.map((operation) => operation.label)).toEqual([
      'submit(j1, 600m/100Mi, tenant=a) -> n1',
      'submit(7, 500m/512Mi) -> n2',
      'submit(j3, 600m/1Mi) -> rejected',
      'submit(j4, 1m/1Mi) -> rejected',
      'query() -> n1=600m/100Mi n2=500m/512Mi',
      'complete(j1) -> completed',
      'complete(j1) -> unknown-job',
      'complete(j9) -> unknown-job',
      'submit(j5, 1m/1Mi) -> ?',
    ]);
    expect(bound.check().kind).toBe('ok');
    // j4 (1m/1Mi) still fits on n1 beside j1, so only a ledger that may refuse allows its rejection.
    expect(bindLinModel(recorded, 'ledger', { nodes }).check().kind).toBe('illegal');
  });

  it('holds the strict ledger to never rejecting what fits', () => {
    const rejected = op('submit', map({ job: 'j1', demand: demand(1, 1) }), { kind: 'ok', value: keyword('rejected') }, 0, 1);
    expect(bindLinModel(history([rejected]), 'ledger', { nodes }).check().kind).toBe('illegal');
    expect(bindLinModel(history([rejected]), 'ledger-may-refuse', { nodes }).check().kind).toBe('ok');
  });

  it('prefers the nodes it is given to the ones the history carries', () => {
    const placed = op('submit', map({ job: 'j1', demand: demand(800, 1) }), { kind: 'ok', value: map({ node: 'n1' }) }, 0, 1);
    const small: LedgerNode[] = [{ id: 'n1', capacity: { cpuMillis: 500, memoryMiB: 512 } }];
    expect(bindLinModel(history([placed], { nodes }), 'ledger').check().kind).toBe('ok');
    expect(bindLinModel(history([placed], { nodes }), 'ledger', { nodes: small }).check().kind).toBe('illegal');
  });

  it('names the line of a badly shaped ledger operation or a node outside the cluster', () => {
    const bind = (operation: RecordedOperation) => () => bindLinModel(history([operation]), 'ledger', { nodes });
    expect(bind(op('submit', 3, { kind: 'open' }, 0, Infinity))).toThrow(/a :submit value is/);
    expect(bind(op('submit', map({ job: 'j1' }), { kind: 'open' }, 0, Infinity))).toThrow(/:demand must hold whole/);
    expect(bind(op('submit', map({ job: 'j1', demand: demand(-1, 0) }), { kind: 'open' }, 0, Infinity))).toThrow(/:demand must hold whole/);
    expect(bind(op('submit', map({ demand: demand(1, 1) }), { kind: 'open' }, 0, Infinity))).toThrow(/:job is missing/);
    expect(bind(op('submit', map({ job: 'j1', demand: demand(1, 1) }), { kind: 'ok', value: 5 }, 0, 1))).toThrow(/\{:node id\} or :rejected/);
    expect(bind(op('submit', map({ job: 'j1', demand: demand(1, 1) }), { kind: 'ok', value: map({ node: 'n9' }) }, 4, 5))).toThrow(
      expect.objectContaining({ code: 'parse', message: expect.stringMatching(/node n9, which is not one of the ledger's nodes \(n1, n2\)/), details: { file: 'h.edn', line: 5 } }),
    );
    expect(bind(op('query', null, { kind: 'ok', value: map({ n3: demand(0, 0) }) }, 0, 1))).toThrow(/node n3/);
    expect(bind(op('query', null, { kind: 'ok', value: 4 }, 0, 1))).toThrow(/a :query returns/);
    expect(bind(op('complete', null, { kind: 'ok', value: null }, 0, 1))).toThrow(/a :complete value is/);
    expect(bind(op('acquire', 3, { kind: 'ok', value: null }, 0, 1))).toThrow(/unknown :f :acquire for model ledger \(expected :submit, :complete, :query, :move\)/);
  });

  it('names the file and line of an unknown :f or a badly shaped value', () => {
    expect(() => bindLinModel(history([op('read', null, { kind: 'open' }, 0, Infinity), op('frobnicate', 1, { kind: 'open' }, 4, Infinity)]), 'register')).toThrow(
      expect.objectContaining({ code: 'parse', message: expect.stringMatching(/unknown :f :frobnicate/), details: { file: 'h.edn', line: 5 } }),
    );
    expect(() => bindLinModel(history([op('cas', 1, { kind: 'open' }, 0, Infinity)]), 'register')).toThrow(/\[from to\]/);
    expect(() => bindLinModel(history([op('get', null, { kind: 'open' }, 0, Infinity)]), 'kv')).toThrow(/needs a :key/);
  });

  it('asks for the cluster\'s nodes when nothing gives them, and refuses nodes that make no cluster', () => {
    expect(() => bindLinModel(history([]), 'ledger')).toThrow(expect.objectContaining({ code: 'usage', message: expect.stringMatching(/--nodes/) }));
    expect(() => bindLinModel(history([]), 'ledger', { nodes: [] })).toThrow(expect.objectContaining({ code: 'usage', message: expect.stringMatching(/at least one node/) }));
  });
});
