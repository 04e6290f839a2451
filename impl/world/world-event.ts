import type { Fault } from './fault.js';
import type { DropReason } from './network.js';

/**
 * What the world records of a run, in order. Every entry names the step it
 * belongs to: a step is one thing the world processed (a delivery, a timer, a
 * fault, the final heal); drops are recorded inside the step that caused them.
 * Replay compares these logs entry by entry to detect nondeterminism.
 */
export type WorldEvent<M = unknown> =
  | { readonly kind: 'deliver'; readonly step: number; readonly tick: number; readonly from: number; readonly to: number; readonly msg: M }
  | { readonly kind: 'drop'; readonly step: number; readonly tick: number; readonly from: number; readonly to: number; readonly reason: DropReason; readonly msg: M }
  | { readonly kind: 'timer'; readonly step: number; readonly tick: number; readonly node: number; readonly timer: string }
  | { readonly kind: 'fault'; readonly step: number; readonly tick: number; readonly fault: Fault }
  | { readonly kind: 'heal'; readonly step: number; readonly tick: number };

/** The lifecycle of a configured member. */
export type NodeStatus = 'absent' | 'up' | 'down' | 'left';
