import { ILLEGAL, type Illegal, type LinSpec, type LinSpecOperation } from './lin-spec.js';

export type KvInput =
  | { readonly kind: 'get'; readonly key: string }
  | { readonly kind: 'put'; readonly key: string; readonly value: string }
  | { readonly kind: 'append'; readonly key: string; readonly value: string };

/** `unknown` is a lost result (a timeout or `:info`): every state accepts it. */
export type KvOutput =
  | { readonly kind: 'get'; readonly value: string }
  | { readonly kind: 'done' }
  | { readonly kind: 'unknown' };

/**
 * The value of one key and a polynomial hash of it. Appended values grow long
 * and V8 builds them as rope strings; reading their characters to hash them
 * on every step would flatten each rope and dominate the check. The hash is
 * instead extended by the appended characters only: h(s + t) continues h(s)
 * over t, so equal values always have equal hashes, however they were built.
 */
export interface KvState {
  readonly value: string;
  readonly hash: number;
}

function extendHash(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 0x01000193) + text.charCodeAt(i)) | 0;
  return h;
}

const EMPTY: KvState = { value: '', hash: 0 };

function step(state: KvState, input: KvInput, output: KvOutput): KvState | Illegal {
  switch (input.kind) {
    case 'get':
      return output.kind !== 'get' || output.value === state.value ? state : ILLEGAL;
    case 'put':
      return { value: input.value, hash: extendHash(0, input.value) };
    case 'append':
      return { value: state.value + input.value, hash: extendHash(state.hash, input.value) };
  }
}

function partition(operations: readonly LinSpecOperation<KvInput, KvOutput>[]): number[][] {
  const byKey = new Map<string, number[]>();
  operations.forEach((operation, index) => {
    const group = byKey.get(operation.input.key);
    if (group) group.push(index);
    else byKey.set(operation.input.key, [index]);
  });
  // Sorted keys give the same partition order on every run.
  return [...byKey.keys()].sort().map((key) => byKey.get(key) ?? []);
}

function describeOperation(input: KvInput, output: KvOutput): string {
  const key = JSON.stringify(input.key);
  switch (input.kind) {
    case 'get':
      return `get(${key}) -> ${output.kind === 'get' ? JSON.stringify(output.value) : '?'}`;
    case 'put':
      return `put(${key}, ${JSON.stringify(input.value)})${output.kind === 'unknown' ? ' -> ?' : ''}`;
    case 'append':
      return `append(${key}, ${JSON.stringify(input.value)})${output.kind === 'unknown' ? ' -> ?' : ''}`;
  }
}

/**
 * A key-value store of strings, every key starting at `""`: get returns the
 * value, put sets it, append concatenates onto it (Porcupine's kv model).
 *
 * The state is the value of one key. That is sound only because the spec
 * partitions every history by key, which the checker always applies: keys are
 * independent, so the history is linearizable exactly when each key's is.
 */
export const kvSpec: LinSpec<KvState, KvInput, KvOutput> = {
  name: 'kv',
  init: () => EMPTY,
  step,
  equal: (a, b) => a.hash === b.hash && a.value === b.value,
  hash: (state) => state.hash,
  describeOperation,
  describeState: (state) => JSON.stringify(state.value),
  partition,
  // A get never changes the value, nor does appending nothing.
  readOnly: (input) => input.kind === 'get' || (input.kind === 'append' && input.value === ''),
};
