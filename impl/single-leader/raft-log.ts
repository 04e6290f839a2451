import type { LedgerCommand } from '../../model/ledger-command.js';
import type { NodeContext } from '../world/node-logic.js';
import type { Out, SingleLeaderEnv } from './single-leader-env.js';
import type { LogEntry } from './single-leader-msg.js';
import type { SingleLeaderState } from './single-leader-state.js';

/** The index of the last entry (0 for an empty log). */
export function lastIndex(state: SingleLeaderState): number {
  return state.log.length;
}

/** The term of the entry at `index` (0 for index 0, the empty prefix). */
export function termAt(log: readonly LogEntry[], index: number): number {
  return index === 0 ? 0 : (log[index - 1]?.term ?? -1);
}

/** Raft's election restriction: a candidate's log is at least as up to date as this node's. */
export function candidateUpToDate(state: SingleLeaderState, lastLogIndex: number, lastLogTerm: number): boolean {
  const myLastTerm = termAt(state.log, lastIndex(state));
  return lastLogTerm > myLastTerm || (lastLogTerm === myLastTerm && lastLogIndex >= lastIndex(state));
}

/**
 * Writes Raft's durable record: the term, the vote and the commit index, in
 * one write. Under the `vote-twice` mutant the vote never reaches the disk.
 */
export function persistHard(state: SingleLeaderState, env: SingleLeaderEnv, out: Out): void {
  out.push({ kind: 'persist', hard: { currentTerm: state.currentTerm, votedFor: env.mutants['vote-twice'] ? null : state.votedFor, commitIndex: state.commitIndex } });
}

/**
 * The leader appends a command to its log: it is written to disk, applied to
 * the leader's view of its whole log (`tip`), and returns its index. Under
 * `ack-before-commit` the client is answered right here, from the tip,
 * before any follower has the entry.
 */
export function appendAsLeader(state: SingleLeaderState, env: SingleLeaderEnv, command: LedgerCommand, _ctx: NodeContext, out: Out): number {
  const leader = state.leader!;
  const entry: LogEntry = { term: state.currentTerm, command };
  state.log.push(entry);
  const index = state.log.length;
  out.push({ kind: 'append', fromIndex: index - 1, entries: [entry] });
  const output = leader.tip.apply(command, index);
  if (env.mutants['ack-before-commit'] && output !== null && 'client' in command) {
    out.push({ kind: 'reply', client: command.client, requestId: command.requestId, reply: { kind: 'result', output } });
  }
  return index;
}
