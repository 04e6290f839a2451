import { describe, expect, test } from 'vitest';
import { resources, type Resources } from '../../model/resources.js';
import { Prng } from '../world/prng.js';
import type { NodeContext } from '../world/node-logic.js';
import { defaultLeaderlessConfig } from './default-config.js';
import { HEARTBEAT_TIMER, type Out } from './leaderless-env.js';
import type { LeaderlessMsg } from './leaderless-msg.js';
import { leaderlessLogic } from './leaderless-node.js';
import type { LeaderlessState } from './leaderless-state.js';

/** Node 0 serving as coordinator of three, at a heartbeat, having heard the loads given: node 1 waits for `want`, and every node holds the shares given (node 0 none unless given). */
function coordinatorWith(shares: Record<1 | 2, readonly Resources[]> & { 0?: readonly Resources[] }, want: Resources) {
  const logic = leaderlessLogic(defaultLeaderlessConfig(3, []));
  const ctx: NodeContext = { node: 0, nowLocal: 1000, rng: new Prng(1) };
  const state = logic.start(ctx, { hard: undefined, log: [] }, []) as LeaderlessState;
  state.role = 'coordinator';
  state.coordinatorId = 0;
  state.lease.lastQuorumLocal = ctx.nowLocal;
  state.lease.leaseUntilLocal = ctx.nowLocal + 50;
  Object.assign(state, { shares: [...(shares[0] ?? state.shares.map(() => resources(0, 0)))] });
  state.loads[1] = { node: 1, version: 1, wants: [{ id: 9, demand: want }], shares: shares[1] };
  state.loads[2] = { node: 2, version: 1, wants: [], shares: shares[2] };
  const out: Out = [];
  logic.onTimer(state, HEARTBEAT_TIMER, ctx, out);
  const sent = (kind: LeaderlessMsg['kind']) => out.flatMap((effect) => (effect.kind === 'send' && effect.msg.kind === kind ? [{ to: effect.to, msg: effect.msg }] : []));
  return { logic, ctx, state, sent };
}

const none = resources(0, 0);

describe("the coordinator's orders", () => {
  test('a want that one member can cover is ordered from that member alone', () => {
    const { sent } = coordinatorWith({ 1: [none, resources(500, 512), none], 2: [none, resources(3000, 4096), none] }, resources(2000, 1024));
    expect(sent('give')).toEqual([{ to: 2, msg: { kind: 'give', term: 0, to: 1, host: 1, amount: resources(1500, 512), forWant: 9 } }]);
    expect(sent('expect')).toEqual([{ to: 1, msg: { kind: 'expect', term: 0, from: 2, host: 1, amount: resources(1500, 512) } }]);
  });

  test("a host's free capacity split between members is gathered from them, each giving what it holds, up to what is missing", () => {
    // Node 1 holds 500m of host 1 and needs 2000m there: the coordinator (node 0) holds 800m of it and node 2 1000m, neither the 1500m missing.
    const { sent } = coordinatorWith({ 0: [none, resources(800, 0), none], 1: [none, resources(500, 1024), none], 2: [none, resources(1000, 0), none] }, resources(2000, 1024));
    // The coordinator gives its own part at once and orders node 2 to give the rest; node 1 is told of both.
    expect(sent('transfer').map(({ to, msg }) => msg.kind === 'transfer' && [to, msg.host, msg.amount])).toEqual([[1, 1, resources(800, 0)]]);
    expect(sent('give')).toEqual([{ to: 2, msg: { kind: 'give', term: 0, to: 1, host: 1, amount: resources(700, 0), forWant: 9 } }]);
    expect(sent('expect').map(({ msg }) => msg.kind === 'expect' && [msg.from, msg.amount])).toEqual([
      [0, resources(800, 0)],
      [2, resources(700, 0)],
    ]);
  });

  test('a want no member, nor all of them together, can cover on one host is not ordered', () => {
    const { sent } = coordinatorWith({ 0: [none, resources(400, 0), none], 1: [none, resources(500, 1024), none], 2: [resources(1000, 0), resources(1000, 0), none] }, resources(2000, 1024));
    expect(sent('give')).toEqual([]);
    expect(sent('expect')).toEqual([]);
  });

  test('a refusal lets the coordinator order the want again at its next heartbeat, from its fresh report, not after the reorder wait', () => {
    const { logic, ctx, state, sent } = coordinatorWith({ 1: [none, none, none], 2: [resources(2500, 1024), none, resources(2500, 1024)] }, resources(2000, 1024));
    expect(sent('give').map(({ msg }) => msg.kind === 'give' && msg.host)).toEqual([0]);
    logic.onMessage(state, 2, { kind: 'give-refused', term: 0, forWant: 9, load: { node: 2, version: 2, wants: [], shares: [resources(100, 0), none, resources(2500, 1024)] } }, ctx, []);
    const out: Out = [];
    logic.onTimer(state, HEARTBEAT_TIMER, { ...ctx, nowLocal: 1020 }, out);
    const gives = out.flatMap((effect) => (effect.kind === 'send' && effect.msg.kind === 'give' ? [effect.msg] : []));
    expect(gives.map((give) => give.host)).toEqual([2]);
  });
});
