import type { Fault } from './fault.js';
import type { DropReason } from './network.js';
import type { ClientReply, Protocol } from './node-logic.js';

/**
 * What the world records of a run, in order. Every entry names the step it
 * belongs to: a step is one thing the world processed (a delivery, a timer, a
 * fault, the final heal, a client's action); what a step causes (drops, client
 * sends) is recorded inside it. Replay compares these logs entry by entry to
 * detect nondeterminism.
 */
export type WorldEvent<P extends Protocol = Protocol> =
  | { readonly kind: 'deliver'; readonly step: number; readonly tick: number; readonly from: number; readonly to: number; readonly msg: P['msg'] }
  | { readonly kind: 'drop'; readonly step: number; readonly tick: number; readonly from: number; readonly to: number; readonly reason: DropReason; readonly msg: P['msg'] }
  | { readonly kind: 'timer'; readonly step: number; readonly tick: number; readonly node: number; readonly timer: string }
  | { readonly kind: 'fault'; readonly step: number; readonly tick: number; readonly fault: Fault }
  | { readonly kind: 'heal'; readonly step: number; readonly tick: number }
  /** Client `client`, as history process `process`, starts an operation. */
  | { readonly kind: 'invoke'; readonly step: number; readonly tick: number; readonly client: number; readonly process: number; readonly requestId: number; readonly op: P['op'] }
  /** A client sends a request (first try, retry, or after a redirect) to node `to`. */
  | { readonly kind: 'client-send'; readonly step: number; readonly tick: number; readonly client: number; readonly to: number; readonly requestId: number }
  /** A request reaches node `to`, which handles it. */
  | { readonly kind: 'request'; readonly step: number; readonly tick: number; readonly client: number; readonly to: number; readonly requestId: number }
  /** A reply reaches its client; one for an operation the client no longer waits for is ignored. */
  | { readonly kind: 'reply'; readonly step: number; readonly tick: number; readonly client: number; readonly from: number; readonly requestId: number; readonly reply: ClientReply<P['output']> }
  /** A request or reply was lost: on the way, or because the node was down when it arrived. */
  | { readonly kind: 'client-drop'; readonly step: number; readonly tick: number; readonly client: number; readonly node: number; readonly requestId: number; readonly direction: 'request' | 'reply'; readonly reason: DropReason }
  /** Aimed faults went off: node `node` did what they were waiting for. */
  | { readonly kind: 'trigger'; readonly step: number; readonly tick: number; readonly node: number; readonly on: 'send' | 'persist' | 'append' | 'reply'; readonly msgKind?: string }
  /** A client stops waiting: the operation's outcome is unknown. */
  | { readonly kind: 'give-up'; readonly step: number; readonly tick: number; readonly client: number; readonly requestId: number };

/**
 * What observers see besides the recorded events: the effects that change
 * nothing a replay compares (a send's arrival and a disk's contents show up
 * later as deliveries and restarts) but that properties check.
 */
export type ObservedEvent<P extends Protocol = Protocol> =
  | WorldEvent<P>
  /** A node sent a message; `copies` of it are on their way (0 when it was dropped at once, 2 when the network duplicated it). */
  | { readonly kind: 'send'; readonly step: number; readonly tick: number; readonly from: number; readonly to: number; readonly msg: P['msg']; readonly copies: number }
  | { readonly kind: 'persist'; readonly step: number; readonly tick: number; readonly node: number; readonly hard: P['hard'] }
  | { readonly kind: 'append'; readonly step: number; readonly tick: number; readonly node: number; readonly fromIndex: number; readonly entries: readonly P['entry'][] }
  /** A node started: at the beginning, on restart, on join, or when the heal brings it back. */
  | { readonly kind: 'start'; readonly step: number; readonly tick: number; readonly node: number };

/** The lifecycle of a configured member. */
export type NodeStatus = 'absent' | 'up' | 'down' | 'left';
