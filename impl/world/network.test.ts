import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { NetworkConditions, Partition } from './fault.js';
import { Network } from './network.js';
import { Prng } from './prng.js';

const calm: NetworkConditions = { lossPermille: 0, duplicatePermille: 0, reorder: false, delayMinTicks: 1, delayMaxTicks: 10 };

function cut(partition: Partition, nodeCount = 5): string[] {
  const network = new Network(nodeCount, 8, calm, new Prng(1));
  network.setPartition(partition);
  const links: string[] = [];
  for (let from = 0; from < nodeCount; from++) for (let to = 0; to < nodeCount; to++) if (network.isBlocked(from, to)) links.push(`${from}>${to}`);
  return links;
}

describe('partitions', () => {
  test('a split cuts both directions between the sides and nothing within them', () => {
    expect(cut({ kind: 'split', side: [0, 1] }, 4)).toEqual(['0>2', '0>3', '1>2', '1>3', '2>0', '2>1', '3>0', '3>1']);
  });
  test('one-way cuts only from → to', () => {
    expect(cut({ kind: 'one-way', from: [0], to: [1, 2] }, 3)).toEqual(['0>1', '0>2']);
  });
  test('isolate cuts one node off from every other', () => {
    expect(cut({ kind: 'isolate', node: 2 }, 3)).toEqual(['0>2', '1>2', '2>0', '2>1']);
  });
  test('majority-minority cuts the minority off', () => {
    expect(cut({ kind: 'majority-minority', minority: [4] }, 5)).toEqual(['0>4', '1>4', '2>4', '3>4', '4>0', '4>1', '4>2', '4>3']);
  });
  test('a bridge node reaches both sides, which cannot reach each other', () => {
    const links = cut({ kind: 'bridge', bridge: 2, left: [0, 1], right: [3, 4] });
    expect(links).toEqual(['0>3', '0>4', '1>3', '1>4', '3>0', '3>1', '4>0', '4>1']);
  });
  test('healing clears every cut', () => {
    const network = new Network(3, 8, calm, new Prng(1));
    network.setPartition({ kind: 'isolate', node: 0 });
    network.setPartition(null);
    expect(network.isBlocked(0, 1) || network.isBlocked(1, 0)).toBe(false);
  });
});

describe('delivery plans', () => {
  test.prop([fc.integer(), fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 60 })])('without reordering a link is FIFO', (seed, sendTicks) => {
    const network = new Network(2, 1_000, { ...calm, delayMaxTicks: 50 }, new Prng(seed));
    let last = -1;
    for (const tick of [...sendTicks].sort((a, b) => a - b)) {
      const copies = network.plan(0, 1, tick);
      if (copies === 0) throw new Error('unexpected drop');
      for (const arrival of network.arrivals.slice(0, copies)) {
        expect(arrival).toBeGreaterThanOrEqual(last);
        last = arrival;
      }
    }
  });

  test('with reordering a later message can overtake an earlier one', () => {
    const network = new Network(2, 1_000, { ...calm, reorder: true, delayMaxTicks: 50 }, new Prng(3));
    const arrivals = Array.from({ length: 50 }, (_, i) => {
      return network.plan(0, 1, i) > 0 ? network.arrivals[0]! : -1;
    });
    expect(arrivals.some((arrival, i) => i > 0 && arrival < arrivals[i - 1]!)).toBe(true);
  });

  test('total loss drops everything; duplication makes two copies', () => {
    const lossy = new Network(2, 100, { ...calm, lossPermille: 1000 }, new Prng(1));
    expect(lossy.plan(0, 1, 0)).toBe(0);
    expect(lossy.dropReason).toBe('loss');
    const doubling = new Network(2, 100, { ...calm, duplicatePermille: 1000 }, new Prng(1));
    expect(doubling.plan(0, 1, 0)).toBe(2);
  });

  test('a full link queue drops, and frees up as messages arrive', () => {
    const network = new Network(2, 2, calm, new Prng(1));
    expect(network.plan(0, 1, 0)).toBe(1);
    expect(network.plan(0, 1, 0)).toBe(1);
    expect(network.plan(0, 1, 0)).toBe(0);
    expect(network.dropReason).toBe('queue-full');
    expect(network.plan(1, 0, 0)).toBe(1);
    network.arrived(0, 1);
    expect(network.plan(0, 1, 0)).toBe(1);
  });
});
