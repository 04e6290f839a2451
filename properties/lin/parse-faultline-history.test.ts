import { describe, expect, it } from 'vitest';
import { parseFaultlineHistory as parseFaultlineHistoryChunks } from './parse-faultline-history.js';

/** The whole text as one chunk. */
const parseFaultlineHistory = (text: string, file: string) => parseFaultlineHistoryChunks([text], file);

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

  it('reads the same history however the text is cut into chunks, and streams huge ones line by line', () => {
    const text = document(`    { "client": 0, "f": "write", "value": "a \\"}, ] b", "call": 0, "return": 3, "outcome": "ok" },
    { "client": 1, "f": "read", "call": 1, "return": 2, "outcome": "ok", "result": [1, {"x": null}] }`);
    const whole = parseFaultlineHistoryChunks([text], 'h.json');
    for (let cut = 0; cut <= text.length; cut += 1) {
      expect(parseFaultlineHistoryChunks([text.slice(0, cut), text.slice(cut)], 'h.json')).toEqual(whole);
    }
    expect(whole.operations.map((operation) => operation.line)).toEqual([7, 8]);
  });

  it('names the line of JSON that is broken, cut short, or followed by more', () => {
    const read = '{ "client": 0, "f": "read", "call": 0, "return": 1, "outcome": "ok", "result": null }';
    expect(() => parseFaultlineHistory(document(`    ${read}\n    ${read}`), 'h.json')).toThrow(expect.objectContaining({ code: 'not-json', details: { file: 'h.json', line: 8 } }));
    expect(() => parseFaultlineHistory('{"format": "faultline-history", "version": 1, "operations": [\n{"client": 0', 'h.json')).toThrow(expect.objectContaining({ code: 'not-json', details: { file: 'h.json', line: 2 } }));
    expect(() => parseFaultlineHistory('{"format": "faultline-history", "version": 1, "operations": []}\n{}', 'h.json')).toThrow(/after its closing brace/);
    expect(() => parseFaultlineHistory('[1, 2]', 'h.json')).toThrow(/not a JSON object/);
  });

  it('holds a client to one operation at a time, an open one ending its turn', () => {
    const overlapping = document(`    { "client": 0, "f": "read", "call": 0, "return": 5, "outcome": "ok", "result": null },\n    { "client": 0, "f": "read", "call": 4, "return": 6, "outcome": "fail" }`);
    expect(() => parseFaultlineHistory(overlapping, 'h.json')).toThrow(expect.objectContaining({ code: 'parse', message: expect.stringMatching(/^client 0 calls an operation at 4, before its operation from line 7 returned \(at 5\)/), details: { file: 'h.json', line: 8 } }));
    const touching = document(`    { "client": 0, "f": "read", "call": 0, "return": 5, "outcome": "ok", "result": null },\n    { "client": 0, "f": "read", "call": 5, "return": 6, "outcome": "ok", "result": null }`);
    expect(parseFaultlineHistory(touching, 'h.json').operations).toHaveLength(2);
    const afterOpen = document(`    { "client": 0, "f": "write", "value": 1, "call": 0, "return": null, "outcome": "open" },\n    { "client": 0, "f": "read", "call": 1, "return": 2, "outcome": "ok", "result": 1 }`);
    expect(parseFaultlineHistory(afterOpen, 'h.json').operations).toHaveLength(2);
  });
});
