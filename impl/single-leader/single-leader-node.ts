import { assertNever } from '../../model/assert-never.js';
import { newLeaseRounds } from '../lease.js';
import type { SimConfig } from '../sim-config.js';
import type { NodeLogic } from '../world/node-logic.js';
import { handleRequest } from './client-api.js';
import { applyCommitted } from './commit.js';
import { armElection, handleRequestVote, handleVoteReply, onElectionTimer, retryVotes, startRound, stepDown } from './election.js';
import { handleAssign, onJobsTimer, reconcileJobs } from './job-runner.js';
import { LedgerMachine } from './ledger-machine.js';
import { leaderRound } from './placement.js';
import { handleAppendEntries, handleAppendReply } from './replication.js';
import type { SchedulerPort } from './scheduler-port.js';
import { ELECTION_TIMER, HEARTBEAT_TIMER, JOBS_TIMER, singleLeaderEnv, TIMER_NAMES } from './single-leader-env.js';
import type { SingleLeaderProtocol, SingleLeaderState } from './single-leader-state.js';

/**
 * The single-leader cluster: Raft leader election with a drift-safe lease,
 * log replication of the allocation ledger, placement by the configured
 * policy, and jobs run where the ledger puts them. The handlers live in one
 * module per concern (election, replication, commit, client API, placement,
 * job runner); this one only routes events to them.
 */
export function singleLeaderLogic(config: SimConfig, scheduler: SchedulerPort): NodeLogic<SingleLeaderProtocol> {
  const env = singleLeaderEnv(config, scheduler);
  return {
    timerNames: TIMER_NAMES,
    start(ctx, disk, out) {
      const hard = disk.hard;
      const log = [...disk.log];
      const state: SingleLeaderState = {
        id: ctx.node,
        currentTerm: hard?.currentTerm ?? 0,
        votedFor: hard?.votedFor ?? null,
        log,
        // The commit index is durable, so a restarted node never acts on an older ledger than it did before.
        commitIndex: env.mutants['volatile-commit-index'] ? 0 : Math.min(hard?.commitIndex ?? 0, log.length),
        role: 'follower',
        leaderId: null,
        // A started node cannot know whether it acknowledged a leader just before it crashed, so it keeps that promise anyway.
        noVoteBeforeLocal: env.mutants['no-restart-promise'] ? Number.NEGATIVE_INFINITY : ctx.nowLocal + env.minTimeout,
        votesMask: 0,
        lease: newLeaseRounds(),
        machine: new LedgerMachine(env.capacities, !env.mutants['no-request-dedup']),
        leader: null,
        running: new Map(),
        finished: new Map(),
      };
      armElection(env, ctx, out);
      if (state.commitIndex > 0) applyCommitted(state, env, ctx, out);
      return state;
    },
    onMessage(state, from, msg, ctx, out) {
      switch (msg.kind) {
        case 'request-vote':
          return handleRequestVote(state, env, from, msg, ctx, out);
        case 'request-vote-reply':
          return handleVoteReply(state, env, from, msg, ctx, out);
        case 'append-entries':
          return handleAppendEntries(state, env, from, msg, ctx, out);
        case 'append-entries-reply':
          return handleAppendReply(state, env, from, msg, ctx, out);
        case 'assign':
          return handleAssign(state, env, msg, ctx, out);
        default:
          return assertNever(msg, 'message');
      }
    },
    onRequest(state, request, ctx, out) {
      handleRequest(state, env, request, ctx, out);
    },
    onTimer(state, timer, ctx, out) {
      switch (timer) {
        case ELECTION_TIMER:
          return onElectionTimer(state, env, ctx, out);
        case HEARTBEAT_TIMER: {
          if (retryVotes(state, env, out) || state.role !== 'leader') return;
          // Check-quorum: a leader that has not heard from a majority for a whole minimum timeout steps down.
          if (ctx.nowLocal - state.lease.lastQuorumLocal > env.minTimeout) {
            stepDown(state, env, state.currentTerm, ctx, out);
            return;
          }
          startRound(state, env, ctx, out);
          leaderRound(state, env, ctx, out);
          reconcileJobs(state, env, ctx, out);
          return;
        }
        case JOBS_TIMER:
          return onJobsTimer(state, ctx, out);
        default:
          throw new RangeError(`unknown timer ${timer}`);
      }
    },
  };
}
