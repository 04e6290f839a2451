import { describe, expect, it } from 'vitest';
import { fillLinSpecDefaults } from '../../model/lin-spec.js';
import { kvSpec, type KvInput, type KvOutput } from '../../model/kv-spec.js';
import { registerSpec, type RegisterInput, type RegisterOutput } from '../../model/register-spec.js';
import { DeadStates } from './dead-states.js';

const spec = fillLinSpecDefaults(registerSpec);
type Op = { input: RegisterInput; output: RegisterOutput };
const write = (value: number): Op => ({ input: { kind: 'write', value }, output: { kind: 'write' } });
const read = (value: number | null): Op => ({ input: { kind: 'read' }, output: { kind: 'read', value } });

/** Regular operations one after the other: operation i is called at rank 2i and returns at 2i+1. */
function sequential<I, O>(operations: readonly { input: I; output: O }[]) {
  const ranks = (offset: number) => Int32Array.from(operations, (_, index) => 2 * index + offset);
  return {
    input: operations.map((operation) => operation.input),
    output: operations.map((operation) => operation.output),
    callRank: ranks(0),
    retRank: ranks(1),
    retPos: Int32Array.from(operations, (_, index) => index),
  };
}
const noOpen = { input: [], output: [], callRank: new Int32Array(0) };
const everything = () => false;

describe('DeadStates', () => {
  it('finds the states from which a read of nil after a write can never be reached', () => {
    const dead = DeadStates.build(spec, sequential([write(1), read(1), read(null)]), noOpen);
    expect(dead).toBeDefined();
    // From 1, nothing writes nil again: the read of nil (operation 2) kills it.
    expect(dead?.killerOf(1, 0, everything)).toBe(2);
    expect(dead?.killerOf(null, 0, everything)).toBe(-1);
    // Once the read of nil is linearized, nothing is dead.
    expect(dead?.killerOf(1, 0, (r) => r === 2)).toBe(-1);
    expect(dead?.killerOf(1, 3, everything)).toBe(-1);
  });

  it('counts only operations called before the pending one returns', () => {
    // write(2) is called after read(2) returns, so from 1 the read is out of reach.
    const dead = DeadStates.build(spec, sequential([write(1), read(2), write(2)]), noOpen);
    expect(dead?.killerOf(1, 0, everything)).toBe(1);
    // With write(2) open and called first, the read can be met from any state.
    const withOpen = DeadStates.build(spec, sequential([write(1), read(2)]), { input: [{ kind: 'write', value: 2 }], output: [{ kind: 'unknown' }], callRank: Int32Array.of(0) });
    expect(withOpen?.killerOf(1, 0, everything)).toBe(-1);
  });

  it('gives up on specs that reach too many states', () => {
    const appends = Array.from({ length: 40 }, (_, index): { input: KvInput; output: KvOutput } => ({ input: { kind: 'append', key: 'k', value: String(index) }, output: { kind: 'done' } }));
    expect(DeadStates.build(fillLinSpecDefaults(kvSpec), sequential(appends), noOpen)).toBeUndefined();
  });
});
