import { FaultlineError } from '../../model/faultline-error.js';
import { clipText } from './clip-text.js';
import { keywordName, type EdnValue } from './edn-reader.js';
import type { RecordedOperation, RecordedOutcome } from './history.js';

/** One line of a Jepsen-style log: a client's invocation or completion. */
export interface RecordedEvent {
  readonly client: number;
  readonly type: 'invoke' | 'ok' | 'fail' | 'info';
  readonly f: string;
  readonly key: EdnValue | undefined;
  readonly value: EdnValue;
  readonly line: number;
}

/**
 * What `:fail` means differs between sources. In the etcd logs it completes
 * the operation with a negative result (a cas whose compare failed, or a read
 * that timed out); in a Jepsen `history.edn` it means the operation certainly
 * did not take effect, and Knossos drops it.
 */
export type FailConvention = 'etcd-log' | 'jepsen';

/**
 * Pairs each client's invocation with its completion. Times are event
 * positions. `:info` and invocations never completed stay open until the end.
 */
export function pairEvents(events: readonly RecordedEvent[], file: string, convention: FailConvention): RecordedOperation[] {
  const open = new Map<number, { event: RecordedEvent; call: number; index: number }>();
  const slots: (RecordedOperation | undefined)[] = [];
  events.forEach((event, time) => {
    const pending = open.get(event.client);
    if (event.type === 'invoke') {
      if (pending) {
        throw new FaultlineError('parse', `client ${event.client} invokes :${clipText(event.f)} while its :${clipText(pending.event.f)} from line ${pending.event.line} has not completed`, { file, line: event.line });
      }
      open.set(event.client, { event, call: time, index: slots.length });
      slots.push(undefined);
      return;
    }
    if (!pending) {
      throw new FaultlineError('parse', `a :${event.type} :${clipText(event.f)} completion for client ${event.client} without an invocation`, { file, line: event.line });
    }
    if (pending.event.f !== event.f) {
      throw new FaultlineError('parse', `client ${event.client} completes :${clipText(event.f)} but invoked :${clipText(pending.event.f)} on line ${pending.event.line}`, { file, line: event.line });
    }
    open.delete(event.client);
    const outcome = completionOutcome(event, convention);
    if (outcome === undefined) return;
    const returnTime = outcome.kind === 'open' ? Infinity : time;
    slots[pending.index] = { client: event.client, f: event.f, key: pending.event.key, value: pending.event.value, outcome, call: pending.call, return: returnTime, line: pending.event.line };
  });
  for (const pending of open.values()) {
    const { event } = pending;
    slots[pending.index] = { client: event.client, f: event.f, key: event.key, value: event.value, outcome: { kind: 'open' }, call: pending.call, return: Infinity, line: event.line };
  }
  return slots.filter((operation): operation is RecordedOperation => operation !== undefined);
}

/** The outcome of a completion, or `undefined` when the operation is dropped. */
function completionOutcome(event: RecordedEvent, convention: FailConvention): RecordedOutcome | undefined {
  switch (event.type) {
    case 'ok':
      return { kind: 'ok', value: event.value };
    case 'info':
      return { kind: 'open' };
    case 'fail':
      if (convention === 'jepsen') return undefined;
      return keywordName(event.value) === 'timed-out' ? { kind: 'result-unknown' } : { kind: 'refused', value: event.value };
    case 'invoke':
      throw new Error('an invocation is not a completion');
  }
}
