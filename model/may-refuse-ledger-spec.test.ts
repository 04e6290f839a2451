import { describe, expect, it } from 'vitest';
import { mayRefuseLedgerSpec } from './may-refuse-ledger-spec.js';

const ledger = mayRefuseLedgerSpec(10);
const { step } = ledger;

describe('mayRefuseLedgerSpec', () => {
  it('may refuse even when the units are free', () => {
    expect(step(10, { kind: 'acquire', amount: 4 }, { kind: 'refused' })).toEqual([10]);
  });

  it('never grants more than is free', () => {
    expect(step(10, { kind: 'acquire', amount: 4 }, { kind: 'granted' })).toEqual([6]);
    expect(step(3, { kind: 'acquire', amount: 4 }, { kind: 'granted' })).toEqual([]);
  });

  it('leaves both possibilities open for an acquire with unknown outcome', () => {
    expect(step(10, { kind: 'acquire', amount: 4 }, { kind: 'unknown' })).toEqual([6, 10]);
    expect(step(3, { kind: 'acquire', amount: 4 }, { kind: 'unknown' })).toEqual([3]);
  });

  it('releases and answers queries like the deterministic ledger', () => {
    expect(step(6, { kind: 'release', amount: 4 }, { kind: 'released' })).toEqual([10]);
    expect(step(8, { kind: 'release', amount: 4 }, { kind: 'released' })).toEqual([]);
    expect(step(6, { kind: 'query' }, { kind: 'free', free: 6 })).toEqual([6]);
    expect(step(6, { kind: 'query' }, { kind: 'free', free: 5 })).toEqual([]);
  });

  it('refuses a capacity that is not a number of units', () => {
    expect(() => mayRefuseLedgerSpec(-3)).toThrow(/capacity/);
  });
});
