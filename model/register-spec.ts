import { hashString, ILLEGAL, type Illegal, type LinSpec } from './lin-spec.js';

/** A register holds a number or a string; `null` is the initial "no value". */
export type RegisterValue = number | string | null;

export type RegisterInput =
  | { readonly kind: 'read' }
  | { readonly kind: 'write'; readonly value: RegisterValue }
  | { readonly kind: 'cas'; readonly from: RegisterValue; readonly to: RegisterValue };

/**
 * What an operation returned. `unknown` is a client timeout or a Jepsen
 * `:info`: the result was lost, so every state accepts it.
 */
export type RegisterOutput =
  | { readonly kind: 'read'; readonly value: RegisterValue }
  | { readonly kind: 'write' }
  | { readonly kind: 'cas'; readonly swapped: boolean }
  | { readonly kind: 'unknown' };

function step(state: RegisterValue, input: RegisterInput, output: RegisterOutput): RegisterValue | Illegal {
  switch (input.kind) {
    case 'read':
      return output.kind !== 'read' || output.value === state ? state : ILLEGAL;
    case 'write':
      return input.value;
    case 'cas':
      // An unknown cas applies exactly when the compare holds; that it may
      // also never have happened is the checker's concern, not the spec's.
      if (output.kind === 'cas' && output.swapped !== (state === input.from)) return ILLEGAL;
      return state === input.from ? input.to : state;
  }
}

/**
 * A read never changes the value, nor does a cas that failed (it is legal
 * only where the compare fails, and then does nothing) or one that swaps a
 * value for itself.
 */
function readOnly(input: RegisterInput, output: RegisterOutput): boolean {
  switch (input.kind) {
    case 'read': return true;
    case 'write': return false;
    case 'cas': return input.from === input.to || (output.kind === 'cas' && !output.swapped);
  }
}

function hash(state: RegisterValue): number {
  if (typeof state === 'number') return Math.imul(state | 0, 0x9e3779b1) ^ ((state * 1024) | 0);
  if (typeof state === 'string') return hashString(state) ^ 0x5bd1e995;
  return 0x27d4eb2f;
}

function show(value: RegisterValue): string {
  return value === null ? 'nil' : JSON.stringify(value);
}

function describeOperation(input: RegisterInput, output: RegisterOutput): string {
  const result = output.kind === 'unknown' ? ' -> ?' : '';
  switch (input.kind) {
    case 'read':
      return `read() -> ${output.kind === 'read' ? show(output.value) : '?'}`;
    case 'write':
      return `write(${show(input.value)})${result}`;
    case 'cas':
      return `cas(${show(input.from)}, ${show(input.to)})${output.kind === 'cas' ? ` -> ${output.swapped ? 'ok' : 'fail'}` : result}`;
  }
}

/**
 * A single read/write/compare-and-set register starting with no value, as in
 * the Jepsen etcd histories: a read returns the current value, a write sets
 * it, a cas(from, to) succeeds and sets `to` exactly when the value is `from`,
 * and a failed cas leaves the value alone.
 */
export const registerSpec: LinSpec<RegisterValue, RegisterInput, RegisterOutput> = {
  name: 'register',
  init: () => null,
  step,
  equal: (a, b) => a === b,
  hash,
  describeOperation,
  describeState: show,
  readOnly,
};
