import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Effect, NodeContext } from '../world/node-logic.js';
import { Prng } from '../world/prng.js';
import { defaultSingleLeaderConfig } from './default-config.js';
import { ELECTION_TIMER, electionLogic, isServingLeader, safeLeaseTicks, type ElectionProtocol } from './election-node.js';

const config = defaultSingleLeaderConfig(3, []);
const fresh = { hard: undefined, log: [] };
type Out = Effect<ElectionProtocol>[];
const ctx = (node: number, nowLocal: number): NodeContext => ({ node, nowLocal, rng: new Prng(node) });

describe('election node', () => {
  test('a vote is persisted before the reply that grants it leaves', () => {
    const logic = electionLogic(config);
    const out: Out = [];
    const state = logic.start(ctx(1, 0), fresh, out);
    out.length = 0;
    logic.onMessage(state, 0, { kind: 'request-vote', term: 1, candidate: 0 }, ctx(1, 500), out);
    const kinds = out.map((e) => e.kind);
    expect(kinds.indexOf('persist')).toBeGreaterThanOrEqual(0);
    expect(kinds.indexOf('persist')).toBeLessThan(kinds.indexOf('send'));
    expect(out.find((e) => e.kind === 'persist')).toEqual({ kind: 'persist', hard: { currentTerm: 1, votedFor: 0 } });
    expect(out.find((e) => e.kind === 'send')).toMatchObject({ to: 0, msg: { kind: 'request-vote-reply', term: 1, granted: true } });
  });

  test('the vote-twice mutant leaves votedFor off the disk', () => {
    const logic = electionLogic({ ...config, cluster: { ...config.cluster, mutants: ['vote-twice'] } });
    const out: Out = [];
    const state = logic.start(ctx(1, 0), fresh, out);
    logic.onMessage(state, 0, { kind: 'request-vote', term: 1, candidate: 0 }, ctx(1, 500), out);
    expect(out.find((e) => e.kind === 'persist')).toEqual({ kind: 'persist', hard: { currentTerm: 1, votedFor: null } });
  });

  test('one vote per term, and a restarted node remembers it', () => {
    const logic = electionLogic(config);
    const out: Out = [];
    const state = logic.start(ctx(1, 0), fresh, out);
    logic.onMessage(state, 0, { kind: 'request-vote', term: 1, candidate: 0 }, ctx(1, 500), out);
    out.length = 0;
    logic.onMessage(state, 2, { kind: 'request-vote', term: 1, candidate: 2 }, ctx(1, 501), out);
    expect(out.find((e) => e.kind === 'send')).toMatchObject({ msg: { granted: false } });
    const restarted = logic.start(ctx(1, 600), { hard: { currentTerm: 1, votedFor: 0 }, log: [] }, []);
    out.length = 0;
    logic.onMessage(restarted, 2, { kind: 'request-vote', term: 1, candidate: 2 }, ctx(1, 800), out);
    expect(out.find((e) => e.kind === 'send')).toMatchObject({ msg: { granted: false } });
  });

  test('a node that heard from a leader ignores candidates for a minimum election timeout, without adopting their term', () => {
    const logic = electionLogic(config);
    const out: Out = [];
    const state = logic.start(ctx(1, 0), fresh, out);
    logic.onMessage(state, 0, { kind: 'append-entries', term: 1, leader: 0, round: 1 }, ctx(1, 1_000), out);
    out.length = 0;
    logic.onMessage(state, 2, { kind: 'request-vote', term: 5, candidate: 2 }, ctx(1, 1_050), out);
    expect(state.currentTerm).toBe(1);
    expect(out.find((e) => e.kind === 'send')).toMatchObject({ msg: { granted: false, term: 1 } });
    out.length = 0;
    logic.onMessage(state, 2, { kind: 'request-vote', term: 5, candidate: 2 }, ctx(1, 1_101), out);
    expect(state.currentTerm).toBe(5);
    expect(out.find((e) => e.kind === 'send')).toMatchObject({ msg: { granted: true, term: 5 } });
  });

  test('a leader steps down on a higher term and serves only under an acknowledged lease', () => {
    const logic = electionLogic(config);
    const out: Out = [];
    const state = logic.start(ctx(0, 0), fresh, out);
    logic.onTimer(state, ELECTION_TIMER, ctx(0, 200), out);
    expect(state.role).toBe('candidate');
    logic.onMessage(state, 1, { kind: 'request-vote-reply', term: 1, granted: true }, ctx(0, 205), out);
    expect(state.role).toBe('leader');
    expect(isServingLeader(state, 206)).toBe(false);
    logic.onMessage(state, 2, { kind: 'append-entries-reply', term: 1, round: 1, success: true }, ctx(0, 210), out);
    expect(isServingLeader(state, 210)).toBe(true);
    expect(isServingLeader(state, 205 + safeLeaseTicks(100, config.world.driftBoundPpm) + 1)).toBe(false);
    logic.onMessage(state, 2, { kind: 'append-entries-reply', term: 7, round: 1, success: false }, ctx(0, 220), out);
    expect(state.role).toBe('follower');
    expect(state.currentTerm).toBe(7);
    expect(isServingLeader(state, 220)).toBe(false);
  });

  test.prop([fc.integer({ min: 10, max: 10_000 }), fc.integer({ min: 0, max: 400_000 })])(
    'the safe lease, on the slowest clock, ends before the promise, on the fastest clock',
    (minTimeout, driftPpm) => {
      const rho = driftPpm / 1_000_000;
      const lease = safeLeaseTicks(minTimeout, driftPpm);
      // Worst case: the leader's clock is slow (1-ρ) and the followers' are fast (1+ρ).
      const leaseTrueTicks = lease / (1 - rho);
      const promiseTrueTicks = minTimeout / (1 + rho);
      expect(leaseTrueTicks).toBeLessThan(promiseTrueTicks);
    },
  );

  test('the lease-ignores-drift mutant lease outlasts the promise under drift', () => {
    const rho = config.world.driftBoundPpm / 1_000_000;
    const mutantLease = config.cluster.timing.electionTimeoutMinTicks;
    expect(mutantLease / (1 - rho)).toBeGreaterThan(config.cluster.timing.electionTimeoutMinTicks / (1 + rho));
  });
});
