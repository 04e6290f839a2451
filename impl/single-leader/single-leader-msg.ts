import type { LedgerCommand } from '../../model/ledger-command.js';
import type { Resources } from '../../model/resources.js';

/** One entry of the replicated log: a ledger command and the term of the leader that appended it. */
export interface LogEntry {
  readonly term: number;
  readonly command: LedgerCommand;
}

/**
 * What a node keeps in its durable record: Raft's currentTerm and votedFor,
 * and, as etcd does, the commit index, so that a restarted node never acts on
 * an older state of the ledger than one it has acted on before.
 */
export interface SingleLeaderHard {
  readonly currentTerm: number;
  readonly votedFor: number | null;
  readonly commitIndex: number;
}

/**
 * The messages of the single-leader cluster: Raft's RequestVote and
 * AppendEntries (whose `round` lets the leader time its lease, and whose reply
 * reports how far the follower has applied the ledger and how many jobs it
 * runs), and `assign`, with which the leader tells a node at once about a job
 * whose assignment to it has just committed.
 */
export type SingleLeaderMsg =
  | { readonly kind: 'request-vote'; readonly term: number; readonly candidate: number; readonly lastLogIndex: number; readonly lastLogTerm: number }
  | { readonly kind: 'request-vote-reply'; readonly term: number; readonly granted: boolean }
  | {
      readonly kind: 'append-entries';
      readonly term: number;
      readonly leader: number;
      readonly round: number;
      readonly prevIndex: number;
      readonly prevTerm: number;
      readonly entries: readonly LogEntry[];
      readonly leaderCommit: number;
    }
  | {
      readonly kind: 'append-entries-reply';
      readonly term: number;
      readonly round: number;
      readonly success: boolean;
      /** On success, the last index known to match the leader's log; on failure, a hint of where to retry from. */
      readonly matchIndex: number;
      readonly appliedIndex: number;
      readonly running: number;
    }
  | {
      readonly kind: 'assign';
      readonly term: number;
      /** The log index of the committed entry that assigned the job: its fencing token. */
      readonly token: number;
      readonly job: string;
      readonly grant: Resources;
      readonly durationTicks: number;
    };
