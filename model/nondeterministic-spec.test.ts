import { describe, expect, it } from 'vitest';
import { ILLEGAL, fillLinSpecDefaults } from './lin-spec.js';
import { toDeterministicSpec, type NondeterministicSpec } from './nondeterministic-spec.js';

/** A counter whose "bump" may add 1 or 2, and whose "peek" must see the value. */
const fuzzy: NondeterministicSpec<number, { kind: 'bump' } | { kind: 'peek' }, number | null> = {
  name: 'fuzzy',
  init: () => 0,
  step: (state, input, output) => (input.kind === 'bump' ? [state + 1, state + 2] : output === state ? [state] : []),
};

const spec = fillLinSpecDefaults(toDeterministicSpec(fuzzy));

describe('toDeterministicSpec', () => {
  it('starts from the set holding the initial state', () => {
    expect(spec.init()).toEqual([0]);
  });

  it('steps every possible state and keeps the set free of duplicates', () => {
    const once = spec.step(spec.init(), { kind: 'bump' }, null);
    expect(once).toEqual([1, 2]);
    if (once === ILLEGAL) return;
    expect(spec.step(once, { kind: 'bump' }, null)).toEqual([2, 3, 4]);
  });

  it('keeps only the states that allow the output, and is illegal when none does', () => {
    expect(spec.step([1, 2], { kind: 'peek' }, 2)).toEqual([2]);
    expect(spec.step([1, 2], { kind: 'peek' }, 5)).toBe(ILLEGAL);
  });

  it('treats sets as equal and equally hashed whatever their order', () => {
    expect(spec.equal([1, 2], [2, 1])).toBe(true);
    expect(spec.equal([1, 2], [1, 3])).toBe(false);
    expect(spec.equal([1, 2], [1])).toBe(false);
    expect(spec.hash([1, 2])).toBe(spec.hash([2, 1]));
  });

  it('does not mutate the set it steps from', () => {
    const states = [1, 2];
    spec.step(states, { kind: 'bump' }, null);
    expect(states).toEqual([1, 2]);
  });

  it('describes a state set with the member descriptions', () => {
    expect(spec.describeState([1, 2])).toBe('{1, 2}');
  });
});
