import type { Protocol } from '../impl/world/node-logic.js';
import type { ObservedEvent } from '../impl/world/world-event.js';

/**
 * One client operation as the history records it: invoked at `call` by
 * history process `process`; answered at `return` with `output`, or never
 * answered (`return` Infinity, `output` undefined), in which case it may take
 * effect at any time after its call, or not at all.
 */
export interface HistoryCall<P extends Protocol> {
  readonly process: number;
  readonly client: number;
  readonly requestId: number;
  readonly op: P['op'];
  readonly call: number;
  return: number;
  output: P['output'] | undefined;
}

/** The kinds of event the history is made of. */
export const HISTORY_EVENTS = ['invoke', 'reply', 'give-up'] as const;

/**
 * Records the client history from the world's client events, as Jepsen's
 * history is recorded at the clients: what each client invoked, when, and
 * what it was told. It reads no node state, so the implementation under test
 * cannot make its own history look right.
 */
export class HistoryRecorder<P extends Protocol> {
  readonly calls: HistoryCall<P>[] = [];
  private readonly open = new Map<number, HistoryCall<P>>();

  onEvent(event: ObservedEvent<P>): void {
    switch (event.kind) {
      case 'invoke': {
        const call: HistoryCall<P> = { process: event.process, client: event.client, requestId: event.requestId, op: event.op, call: event.tick, return: Infinity, output: undefined };
        this.calls.push(call);
        this.open.set(event.client, call);
        return;
      }
      case 'reply': {
        const call = this.open.get(event.client);
        // Redirects keep the operation open, and replies to an earlier request are ignored, as the client ignores them.
        if (call === undefined || call.requestId !== event.requestId || event.reply.kind !== 'result') return;
        call.return = event.tick;
        call.output = event.reply.output;
        this.open.delete(event.client);
        return;
      }
      case 'give-up':
        this.open.delete(event.client);
        return;
      default:
        return;
    }
  }

  /** Operations still waiting for an answer. */
  get openCount(): number {
    return this.open.size;
  }
}
