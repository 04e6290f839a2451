import type { PropertyId } from '../model/property-id.js';
import type { ClusterKind } from './sim-config.js';
import type { LeaderlessMutant } from './leaderless/leaderless-mutants.js';
import type { SingleLeaderMutant } from './single-leader/single-leader-mutants.js';

/** A planted bug. The gate must catch each one as one of the properties it names. */
export interface Mutant {
  readonly name: SingleLeaderMutant | LeaderlessMutant;
  readonly cluster: ClusterKind;
  /** The properties expected to catch it; the first is the one it breaks most directly. */
  readonly caughtAs: readonly PropertyId[];
  readonly description: string;
  /**
   * Set when the gate cannot catch the mutant, with the measured reason: the
   * rule it removes protects nothing the gate can observe. Such a mutant has
   * no regression trace; the catalog test shows instead that gate runs with it
   * hold.
   */
  readonly notCaught?: string;
}

/** The catalog; node logic reads the names listed in a run's configuration. */
export const MUTANTS: readonly Mutant[] = [
  {
    name: 'vote-twice',
    cluster: 'single-leader',
    caughtAs: ['election-safety', 'log-matching'],
    description: 'votedFor is not persisted, so a node that crashes and restarts can vote twice in one term',
  },
  {
    name: 'lease-ignores-drift',
    cluster: 'single-leader',
    caughtAs: ['single-leader'],
    description: 'the leader lease lasts a full minimum election timeout, with no margin for clock drift',
  },
  {
    name: 'no-restart-promise',
    cluster: 'single-leader',
    caughtAs: ['single-leader'],
    description: 'a node that starts does not keep the no-vote promise it may have made just before it crashed',
  },
  {
    name: 'no-log-up-to-date-check',
    cluster: 'single-leader',
    caughtAs: ['leader-completeness', 'state-machine-safety', 'no-lost-ack', 'linearizable', 'refinement'],
    description: 'voters grant their vote without checking that the candidate\'s log is at least as up to date as theirs',
  },
  {
    name: 'no-prev-log-check',
    cluster: 'single-leader',
    caughtAs: ['log-matching', 'state-machine-safety', 'leader-completeness'],
    description: 'a follower appends entries without checking that its log matches the leader\'s just before them',
  },
  {
    name: 'commit-previous-term',
    cluster: 'single-leader',
    caughtAs: ['state-machine-safety', 'leader-completeness', 'no-lost-ack', 'linearizable', 'refinement'],
    description: 'the leader commits an entry of an earlier term by counting its replicas (the Figure 8 bug of the Raft paper)',
  },
  {
    name: 'truncate-on-stale-append',
    cluster: 'single-leader',
    caughtAs: ['leader-completeness', 'state-machine-safety', 'no-lost-ack', 'linearizable', 'refinement', 'liveness'],
    description: 'a follower cuts its log back to the end of every AppendEntries, so an old, reordered one drops entries it had acknowledged',
  },
  {
    name: 'stale-read',
    cluster: 'single-leader',
    caughtAs: ['linearizable'],
    description: 'a node that does not lead, such as a deposed leader, answers queries from its own ledger instead of redirecting them to the leader',
  },
  {
    name: 'read-before-term-commit',
    cluster: 'single-leader',
    caughtAs: ['linearizable'],
    description: 'a new leader serves reads under its lease before an entry of its own term has committed, while its commit index may lag',
  },
  {
    name: 'no-request-dedup',
    cluster: 'single-leader',
    caughtAs: ['refinement', 'linearizable'],
    description: 'the ledger applies a retried or duplicated request again instead of answering it with the first answer',
  },
  {
    name: 'ack-before-commit',
    cluster: 'single-leader',
    caughtAs: ['no-lost-ack', 'linearizable'],
    description: 'the leader answers a client as soon as the entry is in its own log, before a majority holds it',
  },
  {
    name: 'volatile-commit-index',
    cluster: 'single-leader',
    caughtAs: ['job-exclusivity'],
    description: 'a restarted node forgets its commit index and acts on an older ledger than before its crash, so a stale assignment can start a job that has moved on',
  },
  {
    name: 'no-fencing',
    cluster: 'single-leader',
    caughtAs: ['conservation', 'job-exclusivity'],
    description: 'a node starts a job on an assignment whose fencing token is not newer than the ledger it has applied, so a late or duplicated assignment restarts a job that has moved',
  },
  {
    name: 'no-admission-check',
    cluster: 'single-leader',
    caughtAs: ['conservation'],
    description: 'a node starts an assigned job without checking it has room, although the job that held the room may not have left yet',
  },
  {
    name: 'move-without-handoff',
    cluster: 'single-leader',
    caughtAs: ['job-exclusivity'],
    description: 'a moved job starts on its new node as soon as the move commits, before its old node has confirmed that it stopped it',
  },
  {
    name: 'transfer-not-idempotent',
    cluster: 'leaderless',
    caughtAs: ['conservation'],
    description: 'a node applies a transfer every time it arrives, so a duplicated or retried transfer adds its capacity twice',
  },
  {
    name: 'transfer-lost-on-drop',
    cluster: 'leaderless',
    caughtAs: ['conservation'],
    description: 'the sender deducts a transfer from its share but neither records it as in flight nor sends it again, so a transfer lost on the way takes its capacity with it',
  },
  {
    name: 'coordinator-no-quorum',
    cluster: 'leaderless',
    caughtAs: ['single-leader', 'election-safety'],
    description: 'a candidate becomes coordinator, and holds its lease, on its own vote and acknowledgement alone, without a majority',
  },
  {
    name: 'gossip-ignores-incarnation',
    cluster: 'leaderless',
    caughtAs: ['liveness'],
    description: 'a suspicion overrides a member believed alive whatever its incarnation, so an old suspicion undoes a newer refutation',
    notCaught:
      "the stale suspicion it lets in is undone as soon as the member is next heard from, because every message carries its sender's own standing (the no-self-assertion mutant removes that, and is caught); 0 of 1,500 gate runs of 3 and 5 nodes and 0 of 300 of 9 nodes broke a property with it, and faultline compare's figures are the same within a few requests (README, The leaderless cluster)",
  },
  {
    name: 'no-self-assertion',
    cluster: 'leaderless',
    caughtAs: ['liveness'],
    description: "a SWIM message carries only the updates waiting to be spread, not its sender's own standing, so a refutation that was spread its few times during a partition and lost never reaches some members",
  },
  {
    name: 'grant-beyond-share',
    cluster: 'leaderless',
    caughtAs: ['conservation', 'linearizable'],
    description: 'a node grants from capacity the coordinator has told it to expect, before that capacity has arrived',
  },
  {
    name: 'reply-before-persist',
    cluster: 'leaderless',
    caughtAs: ['no-lost-ack', 'linearizable', 'conservation'],
    description: 'a node answers a client before it writes the answer to disk, so a crash right after the answer forgets what it granted',
  },
  {
    name: 'grant-anywhere',
    cluster: 'leaderless',
    caughtAs: ['job-exclusivity', 'linearizable'],
    description: "any node grants a submit it receives, not only the job's home node, so a retry that lands on another node grants the job a second time",
  },
];

export function findMutant(name: string): Mutant | undefined {
  return MUTANTS.find((mutant) => mutant.name === name);
}

/** Whether a violated property is one the mutant is expected to be caught as. */
export function isCaughtAs(mutant: Mutant, property: string): boolean {
  return mutant.caughtAs.some((id) => id === property);
}
