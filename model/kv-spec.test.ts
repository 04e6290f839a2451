import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { kvSpec, type KvInput, type KvOutput, type KvState } from './kv-spec.js';
import { ILLEGAL, fillLinSpecDefaults } from './lin-spec.js';

const spec = fillLinSpecDefaults(kvSpec);
const done: KvOutput = { kind: 'done' };

function apply(state: KvState, input: KvInput, output: KvOutput = done): KvState {
  const next = spec.step(state, input, output);
  if (next === ILLEGAL) throw new Error('unexpected illegal step');
  return next;
}

describe('kvSpec', () => {
  it('gets what was put and appended', () => {
    let state = spec.init();
    state = apply(state, { kind: 'put', key: 'k', value: 'ab' });
    state = apply(state, { kind: 'append', key: 'k', value: 'c' });
    expect(apply(state, { kind: 'get', key: 'k' }, { kind: 'get', value: 'abc' })).toBe(state);
    expect(spec.step(state, { kind: 'get', key: 'k' }, { kind: 'get', value: 'ab' })).toBe(ILLEGAL);
    expect(spec.step(state, { kind: 'get', key: 'k' }, { kind: 'unknown' })).toBe(state);
  });

  it('starts every key at the empty string', () => {
    expect(spec.step(spec.init(), { kind: 'get', key: 'z' }, { kind: 'get', value: '' })).toBe(spec.init());
  });

  it('does not mutate the state it steps from', () => {
    const before = apply(spec.init(), { kind: 'put', key: 'k', value: 'a' });
    const copy = { ...before };
    apply(before, { kind: 'append', key: 'k', value: 'b' });
    expect(before).toEqual(copy);
  });

  test.prop([fc.array(fc.string({ maxLength: 4 }), { maxLength: 6 }), fc.array(fc.string({ maxLength: 4 }), { maxLength: 6 })])(
    'gives equal values equal hashes however they were built',
    (left, right) => {
      const build = (parts: string[]) => parts.reduce((state, part) => apply(state, { kind: 'append', key: 'k', value: part }), spec.init());
      const a = build(left);
      const b = apply(spec.init(), { kind: 'put', key: 'k', value: left.join('') });
      expect(spec.equal(a, b)).toBe(true);
      expect(spec.hash(a)).toBe(spec.hash(b));
      const c = build(right);
      expect(spec.equal(a, c)).toBe(left.join('') === right.join(''));
    },
  );

  it('partitions a history by key, keys in sorted order', () => {
    const operations = [
      { input: { kind: 'get', key: 'b' } as KvInput, output: done },
      { input: { kind: 'put', key: 'a', value: 'x' } as KvInput, output: done },
      { input: { kind: 'append', key: 'b', value: 'y' } as KvInput, output: done },
    ];
    expect(spec.partition(operations)).toEqual([[1], [0, 2]]);
  });

  const text = fc.constantFrom('', 'a', 'ab', 'b');
  const kvInput: fc.Arbitrary<KvInput> = fc.oneof(
    fc.constant<KvInput>({ kind: 'get', key: 'k' }),
    text.map((value): KvInput => ({ kind: 'put', key: 'k', value })),
    text.map((value): KvInput => ({ kind: 'append', key: 'k', value })),
  );
  const kvOutput: fc.Arbitrary<KvOutput> = fc.oneof(text.map((value): KvOutput => ({ kind: 'get', value })), fc.constant<KvOutput>(done), fc.constant<KvOutput>({ kind: 'unknown' }));
  test.prop([fc.array(kvInput, { maxLength: 4 }), kvInput, kvOutput])('declares read-only only operations that never change the value', (before, input, output) => {
    const state = before.reduce((current, operation) => apply(current, operation), spec.init());
    const after = spec.step(state, input, output);
    if (spec.readOnly(input, output) && after !== ILLEGAL) expect(spec.equal(after, state)).toBe(true);
  });
});
