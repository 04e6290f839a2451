import { ILLEGAL, fillLinSpecDefaults, type Illegal, type LinSpec, type LinSpecOperation } from './lin-spec.js';

/**
 * A sequential specification in which one operation may lead to several
 * states: `step` returns every state the operation may leave behind, and an
 * empty list when it cannot return `output` in `state`. Like `LinSpec.step`,
 * it must not mutate the state it is given.
 */
export interface NondeterministicSpec<S, I, O> {
  readonly name: string;
  readonly init: () => S;
  readonly step: (state: S, input: I, output: O) => readonly S[];
  readonly equal?: (a: S, b: S) => boolean;
  readonly hash?: (state: S) => number;
  readonly describeOperation?: (input: I, output: O) => string;
  readonly describeState?: (state: S) => string;
  readonly partition?: (operations: readonly LinSpecOperation<I, O>[]) => readonly (readonly number[])[];
}

/**
 * Turns a nondeterministic spec into a deterministic one whose state is the
 * set of states the original may be in (Porcupine's power-set construction),
 * so that the checker itself never deals with nondeterminism. An operation is
 * illegal when no state in the set allows it. The set is kept free of
 * duplicates, so its size stays bounded by the number of distinct states.
 */
export function toDeterministicSpec<S, I, O>(spec: NondeterministicSpec<S, I, O>): LinSpec<readonly S[], I, O> {
  // Only the member-level defaults (equal, hash, descriptions) are borrowed
  // here; the member step is the nondeterministic one, used below.
  const base = fillLinSpecDefaults({ ...spec, step: () => ILLEGAL });
  const { equal, hash } = base;
  const contains = (states: readonly S[], state: S): boolean => states.some((candidate) => equal(candidate, state));
  const step = (states: readonly S[], input: I, output: O): readonly S[] | Illegal => {
    const next: S[] = [];
    for (const state of states) {
      for (const candidate of spec.step(state, input, output)) {
        if (!contains(next, candidate)) next.push(candidate);
      }
    }
    return next.length === 0 ? ILLEGAL : next;
  };
  return {
    name: spec.name,
    init: () => [spec.init()],
    step,
    equal: (a, b) => a.length === b.length && a.every((state) => contains(b, state)),
    // A sum of member hashes does not depend on the order of the set.
    hash: (states) => states.reduce((sum, state) => (sum + Math.imul(hash(state), 0x9e3779b1)) | 0, states.length),
    describeOperation: base.describeOperation,
    describeState: (states) => `{${states.map(base.describeState).join(', ')}}`,
    ...(spec.partition ? { partition: spec.partition } : {}),
  };
}
