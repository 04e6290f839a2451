import { describe, expect, it } from 'vitest';
import type { EdnValue } from './edn-reader.js';
import { pairEvents, type RecordedEvent } from './pair-events.js';

const event = (client: number, type: RecordedEvent['type'], f: string, value: EdnValue, line: number): RecordedEvent => ({ client, type, f, key: undefined, value, line });
const failedCas = [event(0, 'invoke', 'cas', [1, 2], 1), event(0, 'fail', 'cas', [1, 2], 2)];

describe('pairEvents', () => {
  it('keeps an etcd-log :fail as a completed operation that was refused', () => {
    expect(pairEvents(failedCas, 'f', 'etcd-log')).toEqual([
      { client: 0, f: 'cas', key: undefined, value: [1, 2], outcome: { kind: 'refused', value: [1, 2] }, call: 0, return: 1, line: 1 },
    ]);
  });

  it('drops a Jepsen :fail, which certainly did not happen', () => {
    expect(pairEvents(failedCas, 'f', 'jepsen')).toEqual([]);
  });

  it('keeps operations in invocation order and leaves :info and unfinished ones open', () => {
    const operations = pairEvents(
      [event(1, 'invoke', 'write', 1, 1), event(2, 'invoke', 'write', 2, 2), event(2, 'info', 'write', 2, 3), event(1, 'ok', 'write', 1, 4), event(3, 'invoke', 'read', null, 5)],
      'f',
      'jepsen',
    );
    expect(operations.map((operation) => [operation.client, operation.call, operation.return, operation.outcome.kind])).toEqual([
      [1, 0, 3, 'ok'],
      [2, 1, Infinity, 'open'],
      [3, 4, Infinity, 'open'],
    ]);
  });

  it('lets a client invoke again once its earlier operation completed, even as :info', () => {
    const operations = pairEvents([event(1, 'invoke', 'write', 1, 1), event(1, 'info', 'write', 1, 2), event(1, 'invoke', 'read', null, 3), event(1, 'ok', 'read', 1, 4)], 'f', 'jepsen');
    expect(operations).toHaveLength(2);
  });
});
