import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseJepsenEdn as parseJepsenEdnChunks } from './parse-jepsen-edn.js';

/** The whole text as one chunk. */
const parseJepsenEdn = (text: string, file: string) => parseJepsenEdnChunks([text], file);

const fixtures = resolve(fileURLToPath(import.meta.url), '..', 'fixtures');

describe('parseJepsenEdn', () => {
  it('reads a vector history: drops :fail, keeps :info open, skips the nemesis', () => {
    const file = resolve(fixtures, 'register-ok.edn');
    const history = parseJepsenEdn(readFileSync(file, 'utf8'), file);
    expect(history.format).toBe('jepsen-edn');
    expect(history.operations.map((operation) => [operation.client, operation.f, operation.outcome.kind, operation.line])).toEqual([
      [0, 'write', 'ok', 3],
      [2, 'read', 'ok', 7],
      [3, 'write', 'open', 13],
      [4, 'read', 'ok', 15],
      [5, 'cas', 'ok', 17],
      [6, 'read', 'open', 20],
    ]);
    expect(history.operations[2]?.return).toBe(Infinity);
  });

  it('reads one map per line and does not take a read invocation value as its result', () => {
    const history = parseJepsenEdn('{:process 1 :type :invoke :f :read :value 5}\n{:process 1 :type :ok :f :read :value 7}\n', 'h.edn');
    expect(history.operations[0]?.value).toBe(5);
    expect(history.operations[0]?.outcome).toEqual({ kind: 'ok', value: 7 });
  });

  it('names the file and line of bad entries', () => {
    expect(() => parseJepsenEdn('{:process 1 :type :invoke :f :read}\n{:process 1 :type :done :f :read}', 'h.edn')).toThrow(
      expect.objectContaining({ details: { file: 'h.edn', line: 2 } }),
    );
    expect(() => parseJepsenEdn('{:process 1 :type :ok :f :read :value 1}', 'h.edn')).toThrow(/without an invocation/);
    expect(() => parseJepsenEdn('{:process 1 :type :invoke :f :read}\n{:process 1 :type :ok :f :write}', 'h.edn')).toThrow(/invoked :read/);
    expect(() => parseJepsenEdn('{:process 1 :type :invoke :f :read}\n{:process 1 :type :invoke :f :read}', 'h.edn')).toThrow(/has not completed/);
    expect(() => parseJepsenEdn('[1 2]', 'h.edn')).toThrow(/not a map/);
    expect(() => parseJepsenEdn('{:type :invoke :f :read}', 'h.edn')).toThrow(/no :process/);
  });
});
