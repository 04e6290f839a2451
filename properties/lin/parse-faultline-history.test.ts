import { describe, expect, it } from 'vitest';
import { parseFaultlineHistory } from './parse-faultline-history.js';

const document = (operations: string) => `{
  "format": "faultline-history",
  "version": 1,
  "model": "ledger",
  "capacity": 5,
  "operations": [
${operations}
  ]
}`;

describe('parseFaultlineHistory', () => {
  it('reads operations, their outcomes and the model and capacity', () => {
    const history = parseFaultlineHistory(
      document(`    { "client": 0, "f": "acquire", "value": 2, "call": 0, "return": 3, "outcome": "ok" },
    { "client": 1, "f": "acquire", "value": 9, "call": 1, "return": 2, "outcome": "refused" },
    { "client": 2, "f": "release", "value": 1, "call": 4, "return": null, "outcome": "open" },
    { "client": 3, "f": "release", "value": 1, "call": 4, "return": 5, "outcome": "fail" },
    { "client": 4, "f": "query", "call": 6, "return": 7, "outcome": "ok", "result": 3 }`),
      'h.json',
    );
    expect(history.model).toBe('ledger');
    expect(history.capacity).toBe(5);
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

  it('rejects text that is not JSON, another document or another version', () => {
    expect(() => parseFaultlineHistory('{\n  "format": \n}', 'h.json')).toThrow(expect.objectContaining({ code: 'not-json', details: expect.objectContaining({ file: 'h.json' }) }));
    expect(() => parseFaultlineHistory('{"operations": []}', 'h.json')).toThrow(expect.objectContaining({ code: 'parse' }));
    expect(() => parseFaultlineHistory('{"format": "faultline-history", "version": 2, "operations": []}', 'h.json')).toThrow(expect.objectContaining({ code: 'format-version' }));
  });
});
