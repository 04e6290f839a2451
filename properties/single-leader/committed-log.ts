import type { LogEntry } from '../../impl/single-leader/single-leader-msg.js';
import type { SingleLeaderState } from '../../impl/single-leader/single-leader-state.js';

/** A number that names one client request: client and request id together. */
export function requestKey(client: number, requestId: number): number {
  return client * 2 ** 32 + requestId;
}

/**
 * The cluster's committed log as observers learn it: whenever a node's
 * commit index passes the longest committed prefix known so far, the prefix
 * grows with that node's entries. Observers check every node against it; it
 * trusts no node more than another, since any disagreement shows up as a
 * node applying or holding something else at a committed index.
 */
export class CommittedLog {
  readonly entries: LogEntry[] = [];
  /**
   * For each committed index, the term of the node from which the observers
   * learned it was committed: the term it was committed in, or a later one
   * when a follower reported it first. Never earlier, so properties about
   * "entries committed before term T" may use it without false alarms.
   */
  readonly commitTerms: number[] = [];
  /** Where each committed client command sits, by `requestKey`. */
  readonly byRequest = new Map<number, number>();

  /** Grows the prefix from `state`, if its commit index is ahead; returns the first index added, or 0. */
  learnFrom(state: SingleLeaderState): number {
    const first = this.entries.length + 1;
    const commit = Math.min(state.commitIndex, state.log.length);
    for (let index = first; index <= commit; index++) {
      const entry = state.log[index - 1]!;
      this.entries.push(entry);
      this.commitTerms.push(state.currentTerm);
      const command = entry.command;
      if ('client' in command && !this.byRequest.has(requestKey(command.client, command.requestId))) this.byRequest.set(requestKey(command.client, command.requestId), index);
    }
    return commit >= first ? first : 0;
  }
}
