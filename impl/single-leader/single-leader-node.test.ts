import { describe, expect, test } from 'vitest';
import type { LedgerCommand } from '../../model/ledger-command.js';
import { resources } from '../../model/resources.js';
import { firstFitScheduler } from '../schedulers/first-fit-scheduler.js';
import type { Effect, NodeContext } from '../world/node-logic.js';
import { Prng } from '../world/prng.js';
import { defaultSingleLeaderConfig } from './default-config.js';
import type { SchedulerPort } from './scheduler-port.js';
import { ELECTION_TIMER } from './single-leader-env.js';
import type { SingleLeaderMutant } from './single-leader-mutants.js';
import type { LogEntry, SingleLeaderMsg } from './single-leader-msg.js';
import { singleLeaderLogic } from './single-leader-node.js';
import type { SingleLeaderProtocol, SingleLeaderState } from './single-leader-state.js';

type Out = Effect<SingleLeaderProtocol>[];

/** The first-fit policy, called directly: these tests are about the node, not the policy guard. */
const port: SchedulerPort = {
  hasRebalance: false,
  place: (cluster, pending) => firstFitScheduler.place({ cluster, pending, budget: { step: () => undefined } }),
  rebalance: () => [],
};
const config = (mutants: SingleLeaderMutant[] = []) => defaultSingleLeaderConfig(3, mutants);
const logicFor = (mutants: SingleLeaderMutant[] = []) => singleLeaderLogic(config(mutants), port);
const ctx = (node: number, nowLocal: number): NodeContext => ({ node, nowLocal, rng: new Prng(node + 1) });
const empty = { hard: undefined, log: [] };
const noop = (term: number): LogEntry => ({ term, command: { kind: 'noop' } });
const submit = (term: number, job: string, node: number, requestId = 1): LogEntry => ({
  term,
  command: { kind: 'submit', client: 0, requestId, job, tenant: 't', demand: resources(1000, 1024), durationTicks: 50, placement: { node, grant: resources(1000, 1024) } },
});
const append = (term: number, prevIndex: number, prevTerm: number, entries: LogEntry[], leaderCommit = 0, round = 1): SingleLeaderMsg => ({
  kind: 'append-entries',
  term,
  leader: 0,
  round,
  prevIndex,
  prevTerm,
  entries,
  leaderCommit,
});
const sent = (out: Out) => out.flatMap((effect) => (effect.kind === 'send' ? [effect.msg] : []));
const replies = (out: Out) => out.flatMap((effect) => (effect.kind === 'reply' ? [effect.reply] : []));

/** Node 0 as leader of term 1 with both followers' votes, its no-op sent but not yet acknowledged. */
function electedLeader(mutants: SingleLeaderMutant[] = []) {
  const logic = logicFor(mutants);
  const state = logic.start(ctx(0, 0), empty, []);
  const out: Out = [];
  logic.onTimer(state, ELECTION_TIMER, ctx(0, 300), out);
  logic.onMessage(state, 1, { kind: 'request-vote-reply', term: 1, granted: true }, ctx(0, 301), out);
  expect(state.role).toBe('leader');
  return { logic, state };
}

/** Follower `node` with `entries` acknowledged from leader 0 in `term`, nothing committed. */
function follower(node: number, entries: LogEntry[], mutants: SingleLeaderMutant[] = [], term = 1) {
  const logic = logicFor(mutants);
  const state = logic.start(ctx(node, 0), empty, []);
  logic.onMessage(state, 0, append(term, 0, 0, entries), ctx(node, 10), []);
  return { logic, state };
}

describe('election', () => {
  test('a vote is persisted, with the term, before the reply that grants it leaves; vote-twice leaves it off the disk', () => {
    for (const [mutants, votedFor] of [[[], 0], [['vote-twice'], null]] as const) {
      const logic = logicFor([...mutants]);
      const state = logic.start(ctx(1, 0), empty, []);
      const out: Out = [];
      logic.onMessage(state, 0, { kind: 'request-vote', term: 1, candidate: 0, lastLogIndex: 0, lastLogTerm: 0 }, ctx(1, 500), out);
      const kinds = out.map((effect) => effect.kind);
      expect(kinds.indexOf('persist')).toBeLessThan(kinds.indexOf('send'));
      expect(out.find((effect) => effect.kind === 'persist')).toEqual({ kind: 'persist', hard: { currentTerm: 1, votedFor, commitIndex: 0 } });
      expect(sent(out)).toContainEqual({ kind: 'request-vote-reply', term: 1, granted: true });
    }
  });

  test('a voter refuses a candidate whose log is behind its own; the mutant grants it', () => {
    for (const [mutants, granted] of [[[], false], [['no-log-up-to-date-check'], true]] as const) {
      const { logic, state } = follower(1, [noop(1), noop(1)], [...mutants]);
      const out: Out = [];
      logic.onMessage(state, 2, { kind: 'request-vote', term: 2, candidate: 2, lastLogIndex: 1, lastLogTerm: 1 }, ctx(1, 500), out);
      expect(sent(out)).toContainEqual({ kind: 'request-vote-reply', term: 2, granted });
    }
  });

  test('a node just started ignores candidates for a minimum election timeout, unless the promise is removed', () => {
    for (const [mutants, granted] of [[[], false], [['no-restart-promise'], true]] as const) {
      const logic = logicFor([...mutants]);
      const state = logic.start(ctx(1, 1_000), empty, []);
      const out: Out = [];
      logic.onMessage(state, 2, { kind: 'request-vote', term: 1, candidate: 2, lastLogIndex: 0, lastLogTerm: 0 }, ctx(1, 1_050), out);
      expect(sent(out)).toContainEqual({ kind: 'request-vote-reply', term: granted ? 1 : 0, granted });
    }
  });

  test('a new leader appends a no-op of its term and sends it; a leader that steps down arms its election timer again', () => {
    const { logic, state } = electedLeader();
    expect(state.log).toEqual([noop(1)]);
    const out: Out = [];
    logic.onMessage(state, 2, { kind: 'request-vote-reply', term: 5, granted: false }, ctx(0, 400), out);
    expect(state.role).toBe('follower');
    expect(out).toContainEqual(expect.objectContaining({ kind: 'set-timer', timer: ELECTION_TIMER }));
  });
});

describe('replication', () => {
  test('a follower writes new entries to disk before it acknowledges them, and skips the ones it has', () => {
    const { logic, state } = follower(1, [noop(1), submit(1, 'j1', 1)]);
    const out: Out = [];
    logic.onMessage(state, 0, append(1, 1, 1, [submit(1, 'j1', 1), submit(1, 'j2', 2, 2)]), ctx(1, 20), out);
    expect(out.find((effect) => effect.kind === 'append')).toMatchObject({ fromIndex: 2, entries: [{ command: { job: 'j2' } }] });
    const kinds = out.map((effect) => effect.kind);
    expect(kinds.indexOf('append')).toBeLessThan(kinds.lastIndexOf('send'));
    expect(state.log).toHaveLength(3);
  });

  test('an old, reordered AppendEntries keeps the entries it does not cover; truncate-on-stale-append drops them', () => {
    for (const [mutants, length] of [[[], 3], [['truncate-on-stale-append'], 2]] as const) {
      const { logic, state } = follower(1, [noop(1), submit(1, 'j1', 1), submit(1, 'j2', 2, 2)], [...mutants]);
      logic.onMessage(state, 0, append(1, 0, 0, [noop(1), submit(1, 'j1', 1)]), ctx(1, 20), []);
      expect(state.log).toHaveLength(length);
    }
  });

  test('a conflicting entry is replaced with everything after it; entries after a prefix that does not match are refused, unless no-prev-log-check', () => {
    const { logic, state } = follower(1, [noop(1), submit(1, 'j1', 1)]);
    logic.onMessage(state, 0, append(2, 1, 1, [noop(2)]), ctx(1, 20), []);
    expect(state.log.map((entry) => entry.term)).toEqual([1, 2]);
    for (const [mutants, accepted] of [[[], false], [['no-prev-log-check'], true]] as const) {
      const other = follower(1, [noop(1)], [...mutants]);
      const out: Out = [];
      other.logic.onMessage(other.state, 0, append(2, 1, 2, [noop(2)], 0, 3), ctx(1, 20), out);
      expect(sent(out)).toContainEqual(expect.objectContaining({ kind: 'append-entries-reply', success: accepted }));
    }
  });

  test('the leader commits only entries of its own term by counting replicas; commit-previous-term counts older ones too', () => {
    for (const [mutants, commit] of [[[], 0], [['commit-previous-term'], 1]] as const) {
      const logic = logicFor([...mutants]);
      // Node 0 holds an entry of term 1 and leads term 2, whose no-op no follower has yet.
      const state = logic.start(ctx(0, 0), { hard: { currentTerm: 1, votedFor: 0, commitIndex: 0 }, log: [noop(1)] }, []);
      logic.onTimer(state, ELECTION_TIMER, ctx(0, 300), []);
      logic.onMessage(state, 1, { kind: 'request-vote-reply', term: 2, granted: true }, ctx(0, 301), []);
      logic.onMessage(state, 1, { kind: 'append-entries-reply', term: 2, round: 1, success: true, matchIndex: 1, appliedIndex: 0, running: 0 }, ctx(0, 305), []);
      expect(state.commitIndex).toBe(commit);
    }
  });
});

describe('the ledger on a node', () => {
  test('a restarted node resumes from its durable commit index and runs its jobs; volatile-commit-index starts from nothing', () => {
    const log = [noop(1), submit(1, 'j1', 1)];
    for (const [mutants, applied] of [[[], 2], [['volatile-commit-index'], 0]] as const) {
      const state = logicFor([...mutants]).start(ctx(1, 0), { hard: { currentTerm: 1, votedFor: 0, commitIndex: 2 }, log }, []);
      expect(state.machine.appliedIndex).toBe(applied);
      expect(state.running.has('j1')).toBe(applied === 2);
    }
  });

  test('the commit index reaches the disk before the node acts on what it commits', () => {
    const { logic, state } = follower(1, [noop(1), submit(1, 'j1', 1)]);
    const out: Out = [];
    logic.onMessage(state, 0, append(1, 2, 1, [], 2), ctx(1, 20), out);
    expect(out.find((effect) => effect.kind === 'persist')).toEqual({ kind: 'persist', hard: { currentTerm: 1, votedFor: null, commitIndex: 2 } });
    expect(state.running.get('j1')).toMatchObject({ token: 2 });
  });

  test('an assignment newer than the applied ledger starts the job; a stale one does not, unless no-fencing', () => {
    const assign = (token: number): SingleLeaderMsg => ({ kind: 'assign', term: 1, token, job: 'j1', grant: resources(1000, 1024), durationTicks: 50 });
    const fresh = follower(1, [noop(1)]);
    fresh.logic.onMessage(fresh.state, 0, assign(2), ctx(1, 30), []);
    expect(fresh.state.running.has('j1')).toBe(true);
    for (const [mutants, started] of [[[], false], [['no-fencing'], true]] as const) {
      const { logic, state } = follower(1, [noop(1), noop(1), noop(1)], [...mutants]);
      logic.onMessage(state, 0, append(1, 3, 1, [], 3), ctx(1, 20), []);
      logic.onMessage(state, 0, assign(2), ctx(1, 30), []);
      expect(state.running.has('j1')).toBe(started);
    }
  });

  test('a node starts an assigned job only when it has room, unless no-admission-check', () => {
    for (const [mutants, started] of [[[], false], [['no-admission-check'], true]] as const) {
      // Node 1 has 2000m: j1 (1000m) runs, so a 1500m job must wait.
      const { logic, state } = follower(1, [noop(1), submit(1, 'j1', 1)], [...mutants]);
      logic.onMessage(state, 0, append(1, 2, 1, [], 2), ctx(1, 20), []);
      logic.onMessage(state, 0, { kind: 'assign', term: 1, token: 5, job: 'j2', grant: resources(1500, 512), durationTicks: 50 }, ctx(1, 30), []);
      expect(state.running.has('j2')).toBe(started);
    }
  });

  test('a moved job starts on its new node only after its handoff, unless move-without-handoff', () => {
    const move: LogEntry = { term: 1, command: { kind: 'move', client: 9, requestId: 1, job: 'j1', to: 2 } satisfies LedgerCommand };
    for (const [mutants, startedEarly] of [[[], false], [['move-without-handoff'], true]] as const) {
      const { logic, state } = follower(2, [noop(1), submit(1, 'j1', 1), move], [...mutants]);
      logic.onMessage(state, 0, append(1, 3, 1, [], 3), ctx(2, 20), []);
      expect(state.running.has('j1')).toBe(startedEarly);
      logic.onMessage(state, 0, append(1, 3, 1, [{ term: 1, command: { kind: 'handoff-done', job: 'j1', from: 1 } }], 4), ctx(2, 30), []);
      expect(state.running.has('j1')).toBe(true);
    }
  });
});

describe('the client API', () => {
  const query = { client: 0, requestId: 7, op: { kind: 'query' as const } };

  test('a follower redirects to the leader it knows', () => {
    const { logic, state } = follower(1, [noop(1)]);
    const out: Out = [];
    logic.onRequest(state, query, ctx(1, 40), out);
    expect(replies(out)).toEqual([{ kind: 'redirect', leader: 0 }]);
  });

  test('the leader reads locally only under its lease and once its term has committed; otherwise through the log', () => {
    const { logic, state } = electedLeader();
    let out: Out = [];
    logic.onRequest(state, query, ctx(0, 302), out);
    expect(replies(out)).toEqual([]);
    expect(state.log.at(-1)!.command.kind).toBe('query');
    // Both followers acknowledge everything: the lease holds and the term's entries commit.
    for (const peer of [1, 2]) logic.onMessage(state, peer, { kind: 'append-entries-reply', term: 1, round: 1, success: true, matchIndex: 2, appliedIndex: 0, running: 0 }, ctx(0, 305), []);
    out = [];
    logic.onRequest(state, { ...query, requestId: 8 }, ctx(0, 306), out);
    expect(replies(out)).toEqual([{ kind: 'result', output: { kind: 'allocations', allocated: {} } }]);
    out = [];
    logic.onRequest(state, { ...query, requestId: 9 }, ctx(0, 10_000), out);
    expect(replies(out)).toEqual([]);
  });

  test('stale-read lets a follower answer from its own ledger; read-before-term-commit answers before the term commits', () => {
    const stale = follower(1, [noop(1)], ['stale-read']);
    let out: Out = [];
    stale.logic.onRequest(stale.state, query, ctx(1, 40), out);
    expect(replies(out)).toEqual([{ kind: 'result', output: { kind: 'allocations', allocated: {} } }]);
    const early = electedLeader(['read-before-term-commit']);
    early.logic.onMessage(early.state, 1, { kind: 'append-entries-reply', term: 1, round: 1, success: false, matchIndex: 0, appliedIndex: 0, running: 0 }, ctx(0, 303), []);
    expect(early.state.commitIndex).toBe(0);
    out = [];
    early.logic.onRequest(early.state, query, ctx(0, 304), out);
    expect(replies(out)).toEqual([{ kind: 'result', output: { kind: 'allocations', allocated: {} } }]);
  });

  test('a submit is placed by the policy and answered only once committed, unless ack-before-commit', () => {
    for (const [mutants, early] of [[[], 0], [['ack-before-commit'], 1]] as const) {
      const { logic, state } = electedLeader([...mutants]);
      const out: Out = [];
      logic.onRequest(state, { client: 0, requestId: 1, op: { kind: 'submit', job: 'j1', demand: resources(500, 256), tenant: 't', durationTicks: 40 } }, ctx(0, 302), out);
      expect(state.log.at(-1)!.command).toMatchObject({ kind: 'submit', job: 'j1', placement: { node: 0 } });
      expect(replies(out)).toHaveLength(early);
      const committed: Out = [];
      logic.onMessage(state, 1, { kind: 'append-entries-reply', term: 1, round: 1, success: true, matchIndex: 2, appliedIndex: 0, running: 0 }, ctx(0, 305), committed);
      expect(replies(committed)).toEqual([{ kind: 'result', output: { kind: 'placed', node: 'n0', grant: resources(500, 256) } }]);
    }
  });

  test('a demand that fits nowhere is rejected; one the policy declines while it fits somewhere waits', () => {
    const { logic, state } = electedLeader();
    const out: Out = [];
    logic.onRequest(state, { client: 1, requestId: 1, op: { kind: 'submit', job: 'big', demand: resources(9000, 1), tenant: 't', durationTicks: 40 } }, ctx(0, 302), out);
    expect(state.log.at(-1)!.command).toMatchObject({ kind: 'submit', job: 'big', placement: null });
    const declining: SchedulerPort = { ...port, place: (_cluster, pending) => pending.map((request) => ({ kind: 'reject', requestId: request.id })) };
    const picky = singleLeaderLogic(config(), declining);
    const leader = picky.start(ctx(0, 0), empty, []) as SingleLeaderState;
    picky.onTimer(leader, ELECTION_TIMER, ctx(0, 300), []);
    picky.onMessage(leader, 1, { kind: 'request-vote-reply', term: 1, granted: true }, ctx(0, 301), []);
    picky.onRequest(leader, { client: 1, requestId: 1, op: { kind: 'submit', job: 'j1', demand: resources(100, 1), tenant: 't', durationTicks: 40 } }, ctx(0, 302), []);
    expect(leader.leader!.pending.map((pending) => pending.op.job)).toEqual(['j1']);
    expect(leader.log).toHaveLength(1);
  });

  test('a partial grant leaves the submit waiting: the cluster places whole demands only', () => {
    const halving: SchedulerPort = {
      ...port,
      place: (_cluster, pending) => pending.map((request) => ({ kind: 'place', requestId: request.id, nodeId: 'n0', grant: { cpuMillis: Math.floor(request.demand.cpuMillis / 2), memoryMiB: request.demand.memoryMiB } })),
    };
    const logic = singleLeaderLogic(config(), halving);
    const state = logic.start(ctx(0, 0), empty, []);
    logic.onTimer(state, ELECTION_TIMER, ctx(0, 300), []);
    logic.onMessage(state, 1, { kind: 'request-vote-reply', term: 1, granted: true }, ctx(0, 301), []);
    logic.onRequest(state, { client: 1, requestId: 1, op: { kind: 'submit', job: 'j1', demand: resources(1000, 1), tenant: 't', durationTicks: 40 } }, ctx(0, 302), []);
    expect(state.leader!.pending.map((pending) => pending.op.job)).toEqual(['j1']);
    expect(state.log).toHaveLength(1);
  });
});
