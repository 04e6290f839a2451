import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ILLEGAL } from './lin-spec.js';
import { registerSpec, type RegisterInput, type RegisterOutput, type RegisterValue } from './register-spec.js';

const { step } = registerSpec;

describe('registerSpec', () => {
  it('starts with no value', () => {
    expect(registerSpec.init()).toBeNull();
  });

  it('reads the current value only', () => {
    expect(step(3, { kind: 'read' }, { kind: 'read', value: 3 })).toBe(3);
    expect(step(3, { kind: 'read' }, { kind: 'read', value: 4 })).toBe(ILLEGAL);
    expect(step(null, { kind: 'read' }, { kind: 'read', value: null })).toBeNull();
    expect(step(null, { kind: 'read' }, { kind: 'read', value: 0 })).toBe(ILLEGAL);
  });

  it('accepts a read whose result is unknown in every state', () => {
    expect(step(3, { kind: 'read' }, { kind: 'unknown' })).toBe(3);
  });

  it('writes, whether the write was acknowledged or timed out', () => {
    expect(step(3, { kind: 'write', value: 1 }, { kind: 'write' })).toBe(1);
    expect(step(null, { kind: 'write', value: 'x' }, { kind: 'unknown' })).toBe('x');
  });

  it('lets a cas succeed exactly when the compare holds and fail exactly when it does not', () => {
    expect(step(1, { kind: 'cas', from: 1, to: 2 }, { kind: 'cas', swapped: true })).toBe(2);
    expect(step(0, { kind: 'cas', from: 1, to: 2 }, { kind: 'cas', swapped: true })).toBe(ILLEGAL);
    expect(step(0, { kind: 'cas', from: 1, to: 2 }, { kind: 'cas', swapped: false })).toBe(0);
    expect(step(1, { kind: 'cas', from: 1, to: 2 }, { kind: 'cas', swapped: false })).toBe(ILLEGAL);
  });

  it('applies a cas with unknown outcome when the compare holds and leaves the value otherwise', () => {
    expect(step(1, { kind: 'cas', from: 1, to: 2 }, { kind: 'unknown' })).toBe(2);
    expect(step(0, { kind: 'cas', from: 1, to: 2 }, { kind: 'unknown' })).toBe(0);
  });

  it('tells numbers, strings and no value apart in its hash', () => {
    const hash = registerSpec.hash ?? (() => 0);
    const hashes = new Set([hash(null), hash(0), hash(1), hash('1'), hash('0')]);
    expect(hashes.size).toBe(5);
  });

  it('describes operations the way Jepsen users read them', () => {
    const describe = registerSpec.describeOperation ?? (() => '');
    expect(describe({ kind: 'cas', from: 1, to: 2 }, { kind: 'cas', swapped: false })).toBe('cas(1, 2) -> fail');
    expect(describe({ kind: 'read' }, { kind: 'read', value: null })).toBe('read() -> nil');
    expect(describe({ kind: 'write', value: 4 }, { kind: 'unknown' })).toBe('write(4) -> ?');
  });

  const value = fc.constantFrom<RegisterValue>(null, 0, 1, 'a');
  const input: fc.Arbitrary<RegisterInput> = fc.oneof(
    fc.constant<RegisterInput>({ kind: 'read' }),
    value.map((v): RegisterInput => ({ kind: 'write', value: v })),
    fc.tuple(value, value).map(([from, to]): RegisterInput => ({ kind: 'cas', from, to })),
  );
  const output: fc.Arbitrary<RegisterOutput> = fc.oneof(
    value.map((v): RegisterOutput => ({ kind: 'read', value: v })),
    fc.constant<RegisterOutput>({ kind: 'write' }),
    fc.boolean().map((swapped): RegisterOutput => ({ kind: 'cas', swapped })),
    fc.constant<RegisterOutput>({ kind: 'unknown' }),
  );
  test.prop([value, input, output])('declares read-only only operations that never change the value', (state, operationInput, operationOutput) => {
    const after = step(state, operationInput, operationOutput);
    if (registerSpec.readOnly?.(operationInput, operationOutput) && after !== ILLEGAL) expect(after).toBe(state);
  });

  it('declares reads and failed compares read-only, and writes not', () => {
    const readOnly = registerSpec.readOnly ?? (() => false);
    expect(readOnly({ kind: 'read' }, { kind: 'read', value: 1 })).toBe(true);
    expect(readOnly({ kind: 'cas', from: 1, to: 2 }, { kind: 'cas', swapped: false })).toBe(true);
    expect(readOnly({ kind: 'cas', from: 1, to: 2 }, { kind: 'cas', swapped: true })).toBe(false);
    expect(readOnly({ kind: 'cas', from: 1, to: 2 }, { kind: 'unknown' })).toBe(false);
    expect(readOnly({ kind: 'write', value: 1 }, { kind: 'write' })).toBe(false);
  });
});
