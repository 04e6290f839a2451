import type { LedgerClientOp } from '../../model/ledger-command.js';
import type { LedgerOutput } from '../../model/ledger-spec.js';
import type { Resources } from '../../model/resources.js';
import type { LeaseRounds } from '../lease.js';
import type { LedgerMachine } from './ledger-machine.js';
import type { LogEntry, SingleLeaderHard, SingleLeaderMsg } from './single-leader-msg.js';

export type Role = 'follower' | 'candidate' | 'leader';

/** A submit the leader has not placed yet: the policy left it pending, or it waits for room. */
export interface PendingSubmit {
  readonly client: number;
  readonly requestId: number;
  readonly op: Extract<LedgerClientOp, { kind: 'submit' }>;
}

/** What only a leader keeps, and loses when it steps down. */
export interface LeaderState {
  /** Per follower, the next log index to send and the highest known to match (Raft's nextIndex and matchIndex). */
  readonly nextIndex: number[];
  readonly matchIndex: number[];
  /** Per node, how far it has applied the ledger, as it last reported in this term (-1 before it has). */
  readonly appliedIndex: number[];
  /** Per node, when the leader last heard from it in this term, on the leader's clock. */
  readonly heardLocal: number[];
  /** The ledger after every entry of the leader's log, committed or not: what the leader decides on. */
  readonly tip: LedgerMachine;
  /** The index of the leader's first entry of its term; reads under the lease wait until it commits. */
  readonly termStartIndex: number;
  readonly pending: PendingSubmit[];
  /**
   * Per job, the move (by the index that made it, `since`) whose handoff the
   * leader has appended this term, so that it appends each handoff once. Keyed
   * by the move, not the job: a job moved again after its first handoff
   * needs a handoff of its own (keyed by job, the second move waited forever).
   */
  readonly handoffsAppended: Map<string, number>;
  lastRebalanceRound: number;
}

/** A job running on this node, under the assignment whose token is `token`. */
export interface RunningJob {
  readonly job: string;
  readonly grant: Resources;
  readonly token: number;
  readonly finishLocal: number;
}

/** A job that finished here under assignment `token`; the node's agent has asked to complete it. */
export interface FinishedJob {
  readonly token: number;
  calledLocal: number;
}

/**
 * A single-leader node's state. Observers read it; only the handlers change
 * it. The log mirrors the durable log (entry i is `log[i - 1]`), and
 * `machine` is the ledger applied through `commitIndex`.
 */
export interface SingleLeaderState {
  readonly id: number;
  currentTerm: number;
  votedFor: number | null;
  readonly log: LogEntry[];
  commitIndex: number;
  role: Role;
  leaderId: number | null;
  /**
   * The node grants no vote (its own included) before this local time. It is
   * pushed forward whenever the node hears from a leader, when a leader starts
   * a heartbeat round, and on every start: this promise is what makes the
   * leader lease safe.
   */
  noVoteBeforeLocal: number;
  votesMask: number;
  readonly lease: LeaseRounds;
  readonly machine: LedgerMachine;
  leader: LeaderState | null;
  readonly running: Map<string, RunningJob>;
  readonly finished: Map<string, FinishedJob>;
}

/** The single-leader cluster as a protocol, for the world and the observers. */
export interface SingleLeaderProtocol {
  readonly state: SingleLeaderState;
  readonly msg: SingleLeaderMsg;
  readonly hard: SingleLeaderHard;
  readonly entry: LogEntry;
  readonly op: LedgerClientOp;
  readonly output: LedgerOutput;
}
