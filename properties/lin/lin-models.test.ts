import { describe, expect, it } from 'vitest';
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
    expect(inferLinModel(history([op('acquire', 1, { kind: 'ok', value: null }, 0, 1)]))).toBe('ledger');
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

  it('decodes ledger refusals given as an ok with :refused', () => {
    const refused = { kind: 'ok' as const, value: { kind: 'keyword' as const, name: 'refused' } };
    const bound = bindLinModel(history([op('acquire', 3, refused, 0, 1)]), 'ledger', { capacity: 10 });
    expect(bound.operations[0]?.label).toBe('acquire(3) -> refused');
    expect(bound.check().kind).toBe('illegal');
    expect(bindLinModel(history([op('acquire', 3, refused, 0, 1)]), 'ledger-may-refuse', { capacity: 10 }).check().kind).toBe('ok');
  });

  it('names the file and line of an unknown :f or a badly shaped value', () => {
    expect(() => bindLinModel(history([op('read', null, { kind: 'open' }, 0, Infinity), op('frobnicate', 1, { kind: 'open' }, 4, Infinity)]), 'register')).toThrow(
      expect.objectContaining({ code: 'parse', message: expect.stringMatching(/unknown :f :frobnicate/), details: { file: 'h.edn', line: 5 } }),
    );
    expect(() => bindLinModel(history([op('cas', 1, { kind: 'open' }, 0, Infinity)]), 'register')).toThrow(/\[from to\]/);
    expect(() => bindLinModel(history([op('get', null, { kind: 'open' }, 0, Infinity)]), 'kv')).toThrow(/needs a :key/);
    expect(() => bindLinModel(history([op('acquire', 'lots', { kind: 'open' }, 0, Infinity)]), 'ledger', { capacity: 1 })).toThrow(/amount of units/);
  });

  it('asks for the capacity of a ledger when nothing gives it', () => {
    expect(() => bindLinModel(history([]), 'ledger')).toThrow(expect.objectContaining({ code: 'usage' }));
  });
});
