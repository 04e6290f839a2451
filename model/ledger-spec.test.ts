import { describe, expect, it } from 'vitest';
import { ledgerSpec } from './ledger-spec.js';
import { ILLEGAL } from './lin-spec.js';

const ledger = ledgerSpec(10);
const { step } = ledger;

describe('ledgerSpec', () => {
  it('starts with the whole capacity free', () => {
    expect(ledger.init()).toBe(10);
  });

  it('grants exactly when the units are free and refuses exactly when they are not', () => {
    expect(step(10, { kind: 'acquire', amount: 4 }, { kind: 'granted' })).toBe(6);
    expect(step(3, { kind: 'acquire', amount: 4 }, { kind: 'granted' })).toBe(ILLEGAL);
    expect(step(3, { kind: 'acquire', amount: 4 }, { kind: 'refused' })).toBe(3);
    expect(step(10, { kind: 'acquire', amount: 4 }, { kind: 'refused' })).toBe(ILLEGAL);
  });

  it('takes the units for an acquire with unknown outcome when they are free', () => {
    expect(step(10, { kind: 'acquire', amount: 4 }, { kind: 'unknown' })).toBe(6);
    expect(step(2, { kind: 'acquire', amount: 4 }, { kind: 'unknown' })).toBe(2);
  });

  it('releases held units and never more than are held', () => {
    expect(step(6, { kind: 'release', amount: 4 }, { kind: 'released' })).toBe(10);
    expect(step(8, { kind: 'release', amount: 4 }, { kind: 'released' })).toBe(ILLEGAL);
  });

  it('answers a query with the free count', () => {
    expect(step(6, { kind: 'query' }, { kind: 'free', free: 6 })).toBe(6);
    expect(step(6, { kind: 'query' }, { kind: 'free', free: 7 })).toBe(ILLEGAL);
  });

  it('rejects an output that does not belong to the operation', () => {
    expect(step(6, { kind: 'acquire', amount: 1 }, { kind: 'released' })).toBe(ILLEGAL);
    expect(step(6, { kind: 'release', amount: 1 }, { kind: 'granted' })).toBe(ILLEGAL);
  });

  it('refuses a capacity that is not a number of units', () => {
    expect(() => ledgerSpec(-1)).toThrow(/capacity/);
    expect(() => ledgerSpec(Number.NaN)).toThrow(/capacity/);
  });
});
