import { describe, expect, it } from 'vitest';
import { parseFaultlineHistory } from './parse-faultline-history.js';

const document = (operations: string) => `{
  "format": "faultline-history",
  "version": 1,
  "model": "ledger",
  "nodes": [{ "id": "n1", "capacity": { "cpuMillis": 4000, "memoryMiB": 8192 } }, { "id": "n2", "capacity": { "cpuMillis": 2000, "memoryMiB": 4096 } }],
  "operations": [
${operations}
  ]
}`;

describe('parseFaultlineHistory', () => {
  it('reads operations, their outcomes, the model and the nodes', () => {
    const history = parseFaultlineHistory(
      document(`    { "client": 0, "f": "submit", "value": { "job": "j1", "demand": { "cpuMillis": 500, "memoryMiB": 256 }, "tenant": "a" }, "call": 0, "return": 3, "outcome": "ok", "result": { "node": "n1" } },
    { "client": 1, "f": "submit", "value": { "job": "j2", "demand": { "cpuMillis": 9000, "memoryMiB": 1 } }, "call": 1, "return": 2, "outcome": "refused" },
    { "client": 2, "f": "complete", "value": { "job": "j1" }, "call": 4, "return": null, "outcome": "open" },
    { "client": 3, "f": "complete", "value": { "job": "j1" }, "call": 4, "return": 5, "outcome": "fail" },
    { "client": 4, "f": "query", "call": 6, "return": 7, "outcome": "ok", "result": { "n1": { "cpuMillis": 500, "memoryMiB": 256 } } }`),
      'h.json',
    );
    expect(history.model).toBe('ledger');
    expect(history.nodes).toEqual([
      { id: 'n1', capacity: { cpuMillis: 4000, memoryMiB: 8192 } },
      { id: 'n2', capacity: { cpuMillis: 2000, memoryMiB: 4096 } },
    ]);
    expect(history.operations.map((operation) => [operation.client, operation.outcome.kind, operation.return, operation.line])).toEqual([
      [0, 'ok', 3, 7],
      [1, 'refused', 2, 8],
      [2, 'open', Infinity, 9],
      [4, 'ok', 7, 11],
    ]);
  });

  it('names the line of a bad operation', () => {
    expect(() => parseFaultlineHistory(document(`    { "client": 0, "f": "read", "call": 0, "return": 1, "outcome": "ok" },\n    { "client": 0, "call": 2, "return": 3, "outcome": "ok" }`), 'h.json')).toThrow(
      expect.objectContaining({ code: 'parse', details: { file: 'h.json', line: 8 } }),
    );
    expect(() => parseFaultlineHistory(document(`    { "client": 0, "f": "read", "call": 5, "return": 1, "outcome": "ok" }`), 'h.json')).toThrow(/no earlier than/);
    expect(() => parseFaultlineHistory(document(`    { "client": 0, "f": "read", "call": 5, "outcome": "ok" }`), 'h.json')).toThrow(/needs a "return"/);
    expect(() => parseFaultlineHistory(document(`    { "client": 0, "f": "read", "call": 5, "return": 6, "outcome": "maybe" }`), 'h.json')).toThrow(/"outcome" must be/);
  });

  it('names the problem with "nodes" in one sentence', () => {
    const withNodes = (nodes: string) => `{"format": "faultline-history", "version": 1, "nodes": ${nodes}, "operations": []}`;
    expect(parseFaultlineHistory(withNodes('[{"id": "a", "capacity": {"cpuMillis": 1, "memoryMiB": 2}}]'), 'h.json').nodes).toHaveLength(1);
    expect(parseFaultlineHistory('{"format": "faultline-history", "version": 1, "operations": []}', 'h.json').nodes).toBeUndefined();
    expect(() => parseFaultlineHistory(withNodes('{"n1": 4}'), 'h.json')).toThrow(expect.objectContaining({ code: 'parse', message: expect.stringMatching(/^"nodes": expected \[/) }));
    expect(() => parseFaultlineHistory(withNodes('[{"id": "n1"}]'), 'h.json')).toThrow(/node 0 must be/);
    expect(() => parseFaultlineHistory(withNodes('[{"id": "n1", "capacity": {"cpuMillis": 1}}]'), 'h.json')).toThrow(/numbers "cpuMillis" and "memoryMiB"/);
    expect(() => parseFaultlineHistory(withNodes('[{"id": "n1", "capacity": {"cpuMillis": 1.5, "memoryMiB": 2}}]'), 'h.json')).toThrow(/whole, non-negative/);
    expect(() => parseFaultlineHistory(withNodes('[{"id": "n1", "capacity": {"cpuMillis": 1, "memoryMiB": 2}}, {"id": "n1", "capacity": {"cpuMillis": 1, "memoryMiB": 2}}]'), 'h.json')).toThrow(/appears twice/);
  });

  it('rejects text that is not JSON, another document or another version', () => {
    expect(() => parseFaultlineHistory('{\n  "format": \n}', 'h.json')).toThrow(expect.objectContaining({ code: 'not-json', details: expect.objectContaining({ file: 'h.json' }) }));
    expect(() => parseFaultlineHistory('{"operations": []}', 'h.json')).toThrow(expect.objectContaining({ code: 'parse' }));
    expect(() => parseFaultlineHistory('{"format": "faultline-history", "version": 2, "operations": []}', 'h.json')).toThrow(expect.objectContaining({ code: 'format-version' }));
  });
});
