import { describe, expect, it } from 'vitest';
import { fillLinSpecDefaults, hashString, ILLEGAL, type LinSpec } from './lin-spec.js';

const counter: LinSpec<number, 'inc', null> = { name: 'counter', init: () => 0, step: (state) => state + 1 };

describe('fillLinSpecDefaults', () => {
  it('keeps the given functions and fills in the optional ones', () => {
    const full = fillLinSpecDefaults(counter);
    expect(full.step(1, 'inc', null)).toBe(2);
    expect(full.equal(3, 3)).toBe(true);
    expect(full.equal(3, 4)).toBe(false);
    expect(full.hash(7)).toBe(full.hash(7));
    expect(full.describeOperation('inc', null)).toBe('"inc" -> null');
    expect(full.describeState(5)).toBe('5');
    expect(full.partition([{ input: 'inc', output: null }, { input: 'inc', output: null }])).toEqual([[0, 1]]);
    expect(full.readOnly('inc', null)).toBe(false);
  });

  it('keeps a given partition instead of the single default one', () => {
    const split = fillLinSpecDefaults({ ...counter, partition: (operations) => operations.map((_, index) => [index]) });
    expect(split.partition([{ input: 'inc', output: null }, { input: 'inc', output: null }])).toEqual([[0], [1]]);
  });

  it('has an illegal sentinel that no state can be', () => {
    expect(typeof ILLEGAL).toBe('symbol');
  });
});

describe('hashString', () => {
  it('is FNV-1a: stable and sensitive to order', () => {
    expect(hashString('')).toBe(0x811c9dc5 | 0);
    expect(hashString('ab')).toBe(hashString('ab'));
    expect(hashString('ab')).not.toBe(hashString('ba'));
  });
});
