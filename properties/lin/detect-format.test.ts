import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect-format.js';

describe('detectFormat', () => {
  it('tells the four formats apart by their first meaningful text', () => {
    expect(detectFormat('INFO  jepsen.util - 0\t:invoke\t:read\tnil\n', 'a')).toBe('porcupine-etcd');
    expect(detectFormat('{\n  "format": "faultline-history", "version": 1, "operations": []}', 'a')).toBe('faultline');
    expect(detectFormat('{:process 0, :type :invoke, :f :get, :key "1", :value nil}\n{:process 0, :type :ok, :f :get, :key "1", :value ""}\n', 'a')).toBe('porcupine-kv');
    expect(detectFormat('; a history\n[{:process 0, :type :invoke, :f :read, :value nil}]', 'a')).toBe('jepsen-edn');
    expect(detectFormat('{:process 0, :type :info, :f :get, :key "1", :value nil}', 'a')).toBe('jepsen-edn');
  });

  it('tells an empty file by its extension', () => {
    expect(detectFormat('', 'etcd_095.log')).toBe('porcupine-etcd');
    expect(detectFormat('\n', 'h.json')).toBe('faultline');
    expect(detectFormat('', 'c.txt')).toBe('porcupine-kv');
    expect(detectFormat('', 'history.edn')).toBe('jepsen-edn');
  });
});
