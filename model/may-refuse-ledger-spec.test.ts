import { describe, expect, it } from 'vitest';
import type { LedgerInput, LedgerNode, LedgerOutput } from './ledger-spec.js';
import { mayRefuseLedgerSpec } from './may-refuse-ledger-spec.js';
import { resources } from './resources.js';

const NODES: LedgerNode[] = [
  { id: 'n1', capacity: resources(4000, 8192) },
  { id: 'n2', capacity: resources(2000, 4096) },
];
const ledger = mayRefuseLedgerSpec(NODES);
const { step } = ledger;
const submit = (job: string, cpuMillis: number, memoryMiB: number): LedgerInput => ({ kind: 'submit', job, demand: resources(cpuMillis, memoryMiB) });
const placed = (node: string): LedgerOutput => ({ kind: 'placed', node });
const [holdingJ1] = step(ledger.init(), submit('j1', 3000, 4096), placed('n1'));

describe('mayRefuseLedgerSpec', () => {
  it('may reject even when the demand fits on some node', () => {
    expect(step(ledger.init(), submit('j1', 500, 512), { kind: 'rejected' })).toEqual([ledger.init()]);
  });

  it('never places a job where its demand does not fit', () => {
    expect(holdingJ1?.placements.map((p) => p.node)).toEqual(['n1']);
    if (holdingJ1 === undefined) return;
    expect(step(holdingJ1, submit('j2', 1001, 1), placed('n1'))).toEqual([]);
    expect(step(holdingJ1, submit('j2', 1000, 1), placed('n1'))).toHaveLength(1);
    expect(step(holdingJ1, submit('j2', 2001, 1), placed('n2'))).toEqual([]);
  });

  it('lets a submit with unknown outcome land on any node where it fits, or be refused', () => {
    const next = step(ledger.init(), submit('j1', 1000, 1024), { kind: 'unknown' });
    expect(next.map((state) => state.placements[0]?.node)).toEqual(['n1', 'n2', undefined]);
    if (holdingJ1 === undefined) return;
    // n1 has only 1000m left, so j2 can only have landed on n2.
    expect(step(holdingJ1, submit('j2', 2000, 4096), { kind: 'unknown' }).map((state) => state.placements.find((p) => p.job === 'j2')?.node)).toEqual(['n2', undefined]);
  });

  it('completes and answers queries like the strict ledger', () => {
    if (holdingJ1 === undefined) throw new Error('the first placement must be legal');
    expect(step(holdingJ1, { kind: 'complete', job: 'j1' }, { kind: 'completed' })).toEqual([ledger.init()]);
    expect(step(holdingJ1, { kind: 'complete', job: 'j1' }, { kind: 'unknown-job' })).toEqual([]);
    expect(step(holdingJ1, { kind: 'query' }, { kind: 'allocations', allocated: { n1: resources(3000, 4096) } })).toEqual([holdingJ1]);
    expect(step(holdingJ1, { kind: 'query' }, { kind: 'allocations', allocated: {} })).toEqual([]);
  });

  it('refuses nodes that cannot make a cluster', () => {
    expect(() => mayRefuseLedgerSpec([NODES[0]!, NODES[0]!])).toThrow(/appears twice/);
  });
});
