import { describe, expect, it } from 'vitest';
import { parsePorcupineEtcd as parsePorcupineEtcdChunks } from './parse-porcupine-etcd.js';

/** The whole text as one chunk. */
const parsePorcupineEtcd = (text: string, file: string) => parsePorcupineEtcdChunks([text], file);

const log = (lines: string[]) => lines.map((line) => `INFO  jepsen.util - ${line}`).join('\n');

describe('parsePorcupineEtcd', () => {
  it('pairs invocations with completions under the etcd-log conventions', () => {
    const history = parsePorcupineEtcd(
      log(['0\t:invoke\t:cas\t[1 2]', '1\t:invoke\t:read\tnil', '0\t:fail\t:cas\t[1 2]', '1\t:fail\t:read\t:timed-out', '2\t:invoke\t:write\t4', '2\t:info\t:write\t:timed-out', '3\t:invoke\t:read\tnil']),
      'e.log',
    );
    expect(history.format).toBe('porcupine-etcd');
    expect(history.operations.map((operation) => [operation.client, operation.f, operation.outcome.kind, operation.call, operation.return, operation.line])).toEqual([
      [0, 'cas', 'refused', 0, 2, 1],
      [1, 'read', 'result-unknown', 1, 3, 2],
      [2, 'write', 'open', 4, Infinity, 5],
      [3, 'read', 'open', 6, Infinity, 7],
    ]);
    expect(history.operations[0]?.value).toEqual([1, 2]);
  });

  it('accepts runs of spaces between fields and skips blank lines', () => {
    const history = parsePorcupineEtcd('INFO  jepsen.util - 3   :invoke   :read   nil\n\nINFO  jepsen.util - 3 :ok :read 2\n', 'e.log');
    expect(history.operations[0]?.outcome).toEqual({ kind: 'ok', value: 2 });
  });

  it('reads an empty file as an empty history', () => {
    expect(parsePorcupineEtcd('', 'e.log').operations).toEqual([]);
  });

  it('names the file and line of an unparseable line', () => {
    expect(() => parsePorcupineEtcd(log(['0\t:invoke\t:read\tnil']) + '\ngarbage here', 'e.log')).toThrow(
      expect.objectContaining({ code: 'parse', details: { file: 'e.log', line: 2 } }),
    );
  });

  it('names the line of a completion without an invocation', () => {
    expect(() => parsePorcupineEtcd(log(['0\t:invoke\t:read\tnil', '0\t:ok\t:read\t1', '0\t:ok\t:read\t1']), 'e.log')).toThrow(
      expect.objectContaining({ code: 'parse', message: expect.stringMatching(/without an invocation/), details: { file: 'e.log', line: 3 } }),
    );
  });

  it('reads the same history however the text is cut into chunks', () => {
    const text = log(['0\t:invoke\t:write\t1', '0\t:ok\t:write\t1', '1\t:invoke\t:read\tnil', '1\t:ok\t:read\t1']);
    const whole = parsePorcupineEtcdChunks([text], 'e.log');
    for (let cut = 0; cut <= text.length; cut++) expect(parsePorcupineEtcdChunks([text.slice(0, cut), text.slice(cut)], 'e.log')).toEqual(whole);
  });
});
