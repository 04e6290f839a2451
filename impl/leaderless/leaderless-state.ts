import type { LedgerClientOp } from '../../model/ledger-command.js';
import type { AppliedRequest } from '../../model/ledger-machine.js';
import type { LedgerOutput } from '../../model/ledger-spec.js';
import type { Resources } from '../../model/resources.js';
import type { LeaseRounds } from '../lease.js';
import type { LoadReport, MemberUpdate } from './leaderless-msg.js';

/** A job a node has granted: on which host, how much, for how long. */
export interface GrantedJob {
  readonly job: string;
  readonly host: number;
  readonly grant: Resources;
  readonly tenant: string;
  readonly durationTicks: number;
}

/** Capacity a node has sent to another and not yet seen acknowledged: in flight. */
export interface OutgoingTransfer {
  readonly id: number;
  readonly to: number;
  readonly host: number;
  readonly amount: Resources;
}

/**
 * What a leaderless node keeps on disk, rewritten whole whenever it changes
 * and always before the node tells anyone about the change: the escrow
 * (its shares of every host's capacity, the jobs it granted, the transfers it
 * has sent and those it has applied), the last request of every client, the
 * coordinator election's term and vote, and its SWIM incarnation.
 */
export interface LeaderlessHard {
  readonly currentTerm: number;
  readonly votedFor: number | null;
  readonly incarnation: number;
  readonly shares: readonly Resources[];
  readonly jobs: readonly GrantedJob[];
  readonly outgoing: readonly OutgoingTransfer[];
  /** Ids of the transfers this node has applied: a transfer that arrives again is acknowledged, not applied twice. */
  readonly received: readonly number[];
  readonly nextTransfer: number;
  readonly lastByClient: readonly (readonly [number, AppliedRequest])[];
}

/** A submit waiting at its node for capacity to arrive. */
export interface WaitingSubmit {
  readonly client: number;
  readonly requestId: number;
  readonly op: Extract<LedgerClientOp, { kind: 'submit' }>;
  /** When the node gives up waiting and rejects it, on its own clock. */
  readonly deadlineLocal: number;
}

/** Capacity the coordinator has told this node to expect from another. */
export interface ExpectedTransfer {
  readonly from: number;
  readonly host: number;
  readonly amount: Resources;
  readonly untilLocal: number;
}

/** A leaderless node's state. Observers read it; only the handlers change it. */
export interface LeaderlessState {
  readonly id: number;
  // The escrow, mirrored on disk.
  readonly shares: Resources[];
  readonly jobs: Map<string, GrantedJob>;
  readonly outgoing: Map<number, OutgoingTransfer>;
  readonly received: Set<number>;
  nextTransfer: number;
  readonly lastByClient: Map<number, AppliedRequest>;
  readonly waiting: WaitingSubmit[];
  /** Orders the coordinator announced: read only by the grant-beyond-share mutant, which grants against them. */
  readonly expected: ExpectedTransfer[];
  /** When each granted job ends, on this node's clock (jobs run out their time where they were granted). */
  readonly endsLocal: Map<string, number>;
  // Membership (SWIM).
  incarnation: number;
  readonly members: MemberUpdate[];
  /** When each member was first suspected, on this node's clock (meaningful while it is suspect). */
  readonly suspectedAtLocal: number[];
  /** Updates still to be piggybacked, with how many more times each goes out. */
  readonly pending: { update: MemberUpdate; sendsLeft: number }[];
  readonly loads: (LoadReport | undefined)[];
  loadVersion: number;
  probeSeq: number;
  /** The member probed this period, and whether it answered (directly or through others). */
  probing: { target: number; seq: number; answered: boolean } | null;
  /** Probes this node makes for others: its own seq → who asked, and for which seq of theirs. */
  readonly relays: Map<number, { requester: number; seq: number; target: number }>;
  probeOrder: number[];
  // The coordinator election, mirrored on disk (term, vote).
  currentTerm: number;
  votedFor: number | null;
  role: 'follower' | 'candidate' | 'coordinator';
  coordinatorId: number | null;
  votesMask: number;
  noVoteBeforeLocal: number;
  readonly lease: LeaseRounds;
  /** The wants (by request id) the coordinator has ordered capacity for, and when (on its clock). */
  readonly ordered: Map<number, number>;
}

/** The leaderless cluster as a protocol, for the world and the observers. */
export interface LeaderlessProtocol {
  readonly state: LeaderlessState;
  readonly msg: import('./leaderless-msg.js').LeaderlessMsg;
  readonly hard: LeaderlessHard;
  readonly entry: never;
  readonly op: LedgerClientOp;
  readonly output: LedgerOutput;
}
