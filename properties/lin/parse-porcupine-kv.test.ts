import { describe, expect, it } from 'vitest';
import { parsePorcupineKv as parsePorcupineKvChunks } from './parse-porcupine-kv.js';

/** The whole text as one chunk. */
const parsePorcupineKv = (text: string, file: string) => parsePorcupineKvChunks([text], file);

describe('parsePorcupineKv', () => {
  it('reads one map per line with its key', () => {
    const history = parsePorcupineKv(
      '{:process 0, :type :invoke, :f :append, :key "4", :value "x 0 1 y"}\n{:process 0, :type :ok, :f :append, :key "4", :value "x 0 1 y"}\n',
      'kv.txt',
    );
    expect(history.operations).toEqual([
      { client: 0, f: 'append', key: '4', value: 'x 0 1 y', outcome: { kind: 'ok', value: 'x 0 1 y' }, call: 0, return: 1, line: 1 },
    ]);
  });

  it('rejects entries a kv log does not have, naming the line', () => {
    expect(() => parsePorcupineKv('{:process 0, :type :invoke, :f :get, :key "1", :value nil}\n{:process 0, :type :info, :f :get, :key "1", :value nil}', 'kv.txt')).toThrow(
      expect.objectContaining({ details: { file: 'kv.txt', line: 2 } }),
    );
    expect(() => parsePorcupineKv('{:process 0, :type :invoke, :f :get, :value nil}', 'kv.txt')).toThrow(/no :key/);
    expect(() => parsePorcupineKv('{:process 0, :type :invoke\n', 'kv.txt')).toThrow(expect.objectContaining({ code: 'parse', details: { file: 'kv.txt', line: 1 } }));
  });
});
