import { describe, expect, it } from 'vitest';
import { ILLEGAL } from './lin-spec.js';
import { registerSpec } from './register-spec.js';

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
});
