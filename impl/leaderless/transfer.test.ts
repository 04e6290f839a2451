import { describe, expect, test } from 'vitest';
import { resources } from '../../model/resources.js';
import { Prng } from '../world/prng.js';
import type { NodeContext } from '../world/node-logic.js';
import { defaultLeaderlessConfig } from './default-config.js';
import type { Out } from './leaderless-env.js';
import { leaderlessLogic } from './leaderless-node.js';
import type { LeaderlessState } from './leaderless-state.js';

function startNode(node: number, mutants: Parameters<typeof defaultLeaderlessConfig>[1] = []) {
  const logic = leaderlessLogic(defaultLeaderlessConfig(3, mutants));
  const ctx: NodeContext = { node, nowLocal: 1000, rng: new Prng(node + 1) };
  const out: Out = [];
  const state = logic.start(ctx, { hard: undefined, log: [] }, out) as LeaderlessState;
  return { logic, ctx, state };
}

const transfer = { kind: 'transfer' as const, id: 7, host: 0, amount: resources(500, 64) };

describe('the transfer protocol', () => {
  test('a transfer that arrives twice is applied once, written to disk before it is acknowledged, and acknowledged both times', () => {
    const { logic, ctx, state } = startNode(1);
    const out: Out = [];
    logic.onMessage(state, 0, transfer, ctx, out);
    logic.onMessage(state, 0, transfer, ctx, out);
    expect(state.shares[0]).toEqual(resources(500, 64));
    const kinds = out.map((effect) => (effect.kind === 'send' ? effect.msg.kind : effect.kind));
    expect(kinds.indexOf('persist')).toBeLessThan(kinds.indexOf('transfer-ack'));
    expect(kinds.filter((kind) => kind === 'transfer-ack')).toHaveLength(2);
  });

  test('under transfer-not-idempotent the same transfer is applied twice', () => {
    const { logic, ctx, state } = startNode(1, ['transfer-not-idempotent']);
    logic.onMessage(state, 0, transfer, ctx, []);
    logic.onMessage(state, 0, transfer, ctx, []);
    expect(state.shares[0]).toEqual(resources(1000, 128));
  });

  test('a give moves capacity out of the share and into the in-flight record in one write, and the ack clears the record', () => {
    const { logic, ctx, state } = startNode(0);
    const out: Out = [];
    logic.onMessage(state, 2, { kind: 'give', term: 0, to: 1, host: 0, amount: resources(1000, 1024), forWant: 5 }, ctx, out);
    expect(state.shares[0]).toEqual(resources(3000, 7168));
    const persisted = out.find((effect) => effect.kind === 'persist');
    expect(persisted?.kind === 'persist' && persisted.hard.outgoing).toEqual([{ id: 1, to: 1, host: 0, amount: resources(1000, 1024) }]);
    const sent = out.find((effect) => effect.kind === 'send' && effect.msg.kind === 'transfer');
    expect(sent).toBeDefined();
    logic.onMessage(state, 1, { kind: 'transfer-ack', id: 1 }, ctx, []);
    expect(state.outgoing.size).toBe(0);
  });

  test('a node does not give capacity away for a younger want than its own oldest waiting submit', () => {
    const { logic, ctx, state } = startNode(0);
    state.waiting.push({ client: 0, requestId: 3, op: { kind: 'submit', job: 'x', demand: resources(9999, 1), tenant: 'a', durationTicks: 1 }, deadlineLocal: 5000 });
    logic.onMessage(state, 2, { kind: 'give', term: 0, to: 1, host: 0, amount: resources(1000, 1024), forWant: 5 }, ctx, []);
    expect(state.outgoing.size).toBe(0);
    logic.onMessage(state, 2, { kind: 'give', term: 0, to: 1, host: 0, amount: resources(1000, 1024), forWant: 2 }, ctx, []);
    expect(state.outgoing.size).toBe(1);
  });

  test('a node that cannot give what it was ordered tells the coordinator, with its load, and gives nothing', () => {
    const { logic, ctx, state } = startNode(0);
    const out: Out = [];
    logic.onMessage(state, 2, { kind: 'give', term: 0, to: 1, host: 0, amount: resources(5000, 1024), forWant: 5 }, ctx, out);
    expect(state.outgoing.size).toBe(0);
    const sends = out.flatMap((effect) => (effect.kind === 'send' ? [effect] : []));
    expect(sends).toHaveLength(1);
    expect(sends[0]!.to).toBe(2);
    expect(sends[0]!.msg).toMatchObject({ kind: 'give-refused', term: 0, forWant: 5, load: { node: 0, shares: state.shares } });
  });
});
