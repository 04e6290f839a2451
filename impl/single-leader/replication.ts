import { acknowledgeLeaseRound } from '../lease.js';
import type { NodeContext } from '../world/node-logic.js';
import { applyCommitted } from './commit.js';
import { armElection, promiseNoVote, stepDown } from './election.js';
import { lastIndex, termAt } from './raft-log.js';
import type { Out, SingleLeaderEnv } from './single-leader-env.js';
import type { LogEntry, SingleLeaderMsg } from './single-leader-msg.js';
import type { SingleLeaderState } from './single-leader-state.js';

/** The entries of a heartbeat to a follower that has everything: one shared empty array rather than a new one each time. */
const NO_ENTRIES: readonly LogEntry[] = [];

/** Sends a follower what it lacks from its nextIndex on (up to a batch), with the leader's commit index. */
export function sendAppendEntries(state: SingleLeaderState, env: SingleLeaderEnv, peer: number, out: Out): void {
  const leader = state.leader!;
  const prevIndex = Math.min(leader.nextIndex[peer]! - 1, lastIndex(state));
  out.push({
    kind: 'send',
    to: peer,
    msg: {
      kind: 'append-entries',
      term: state.currentTerm,
      leader: state.id,
      round: state.lease.round,
      prevIndex,
      prevTerm: termAt(state.log, prevIndex),
      entries: prevIndex === state.log.length ? NO_ENTRIES : state.log.slice(prevIndex, prevIndex + env.maxEntriesPerAppend),
      leaderCommit: state.commitIndex,
    },
  });
}

/** After appending at `firstNew`, sends the new entries at once to every follower that was up to date. */
export function replicateNew(state: SingleLeaderState, env: SingleLeaderEnv, firstNew: number, ctx: NodeContext, out: Out): void {
  const leader = state.leader!;
  for (let peer = 0; peer < env.nodeCount; peer++) {
    if (peer !== state.id && leader.nextIndex[peer] === firstNew) sendAppendEntries(state, env, peer, out);
  }
  // A cluster of one commits on its own.
  if (env.majority === 1) advanceCommit(state, env, ctx, out);
}

/**
 * A follower's side of AppendEntries: accept the leader (and renew the
 * promise behind its lease), check that the log holds the previous entry,
 * keep every entry that matches and replace from the first conflict on,
 * write the change to disk, learn the commit index, and answer.
 */
export function handleAppendEntries(state: SingleLeaderState, env: SingleLeaderEnv, from: number, msg: Extract<SingleLeaderMsg, { kind: 'append-entries' }>, ctx: NodeContext, out: Out): void {
  const reply = (success: boolean, matchIndex: number): void => {
    out.push({
      kind: 'send',
      to: from,
      msg: { kind: 'append-entries-reply', term: state.currentTerm, round: msg.round, success, matchIndex, appliedIndex: state.machine.appliedIndex, running: state.running.size },
    });
  };
  if (msg.term < state.currentTerm) return reply(false, 0);
  if (msg.term > state.currentTerm || state.role !== 'follower') stepDown(state, env, msg.term, ctx, out);
  state.leaderId = msg.leader;
  promiseNoVote(state, env, ctx.nowLocal);
  armElection(env, ctx, out);
  const log = state.log;
  if (msg.prevIndex > log.length) return reply(false, log.length);
  // The consistency check: the entries attach only after a prefix that matches the leader's. The mutant attaches them after whatever is there.
  if (termAt(log, msg.prevIndex) !== msg.prevTerm && !env.mutants['no-prev-log-check']) return reply(false, msg.prevIndex - 1);
  const entries = msg.entries;
  if (env.mutants['truncate-on-stale-append'] && entries.length > 0) {
    // The bug: the log is cut back to the message's end, although a reordered, older message may carry less than the log already holds.
    log.length = msg.prevIndex;
    for (const entry of entries) log.push(entry);
    out.push({ kind: 'append', fromIndex: msg.prevIndex, entries });
  } else {
    let first = 0;
    while (first < entries.length && log[msg.prevIndex + first]?.term === entries[first]!.term) first++;
    if (first < entries.length) {
      const fromIndex = msg.prevIndex + first;
      if (log.length !== fromIndex) log.length = fromIndex;
      const added = entries.slice(first);
      for (const entry of added) log.push(entry);
      out.push({ kind: 'append', fromIndex, entries: added });
    }
  }
  const lastNew = msg.prevIndex + entries.length;
  const commit = Math.min(msg.leaderCommit, lastNew);
  if (commit > state.commitIndex) {
    state.commitIndex = commit;
    applyCommitted(state, env, ctx, out);
  }
  reply(true, lastNew);
}

/** The leader's side: count the acknowledgement for the lease, track replication, advance the commit index. */
export function handleAppendReply(state: SingleLeaderState, env: SingleLeaderEnv, from: number, msg: Extract<SingleLeaderMsg, { kind: 'append-entries-reply' }>, ctx: NodeContext, out: Out): void {
  if (msg.term > state.currentTerm) {
    stepDown(state, env, msg.term, ctx, out);
    return;
  }
  const leader = state.leader;
  if (state.role !== 'leader' || leader === null || msg.term !== state.currentTerm) return;
  // A reply in the leader's term means the follower accepted it, and with it made the promise the lease rests on.
  acknowledgeLeaseRound(state.lease, msg.round, from, env.majority, env.leaseTicks);
  leader.heardLocal[from] = ctx.nowLocal;
  leader.appliedIndex[from] = Math.max(leader.appliedIndex[from]!, msg.appliedIndex);
  if (msg.success) {
    leader.matchIndex[from] = Math.max(leader.matchIndex[from]!, msg.matchIndex);
    leader.nextIndex[from] = Math.max(leader.nextIndex[from]!, leader.matchIndex[from]! + 1);
    advanceCommit(state, env, ctx, out);
    if (state.leader !== null && leader.nextIndex[from]! <= lastIndex(state)) sendAppendEntries(state, env, from, out);
  } else {
    leader.nextIndex[from] = Math.max(1, Math.min(leader.nextIndex[from]! - 1, msg.matchIndex + 1));
    sendAppendEntries(state, env, from, out);
  }
}

/**
 * Commits the highest index a majority holds, counting only entries of the
 * leader's own term (Raft §5.4.2: an older entry is committed through a newer
 * one, never by counting its replicas). `commit-previous-term` counts them.
 */
export function advanceCommit(state: SingleLeaderState, env: SingleLeaderEnv, ctx: NodeContext, out: Out): void {
  const leader = state.leader!;
  for (let index = lastIndex(state); index > state.commitIndex; index--) {
    if (!env.mutants['commit-previous-term'] && termAt(state.log, index) !== state.currentTerm) break;
    let holders = 1;
    for (let peer = 0; peer < env.nodeCount; peer++) if (peer !== state.id && leader.matchIndex[peer]! >= index) holders++;
    if (holders >= env.majority) {
      state.commitIndex = index;
      applyCommitted(state, env, ctx, out);
      return;
    }
  }
}
