/**
 * The value a spec's `step` returns when an operation cannot take effect in
 * the given state with the recorded output. A sentinel instead of a result
 * object keeps the checker's hot loop free of allocations.
 */
export const ILLEGAL: unique symbol = Symbol('illegal');
export type Illegal = typeof ILLEGAL;

/** The part of a recorded operation a spec may look at to partition a history. */
export interface LinSpecOperation<I, O> {
  readonly input: I;
  readonly output: O;
}

/**
 * A sequential specification for the linearizability checker: a record of
 * pure functions, as in Porcupine.
 *
 * - `step(state, input, output)` returns the state after the operation, or
 *   `ILLEGAL` when the operation cannot return `output` in `state`. It must be
 *   pure: it must not mutate the state it is given, because the checker keeps
 *   earlier states and backtracks to them.
 * - An output that says "the result is unknown" (a client timeout) must be
 *   accepted by `step` from every state: the checker may place such an
 *   operation anywhere after its call, or leave it out.
 * - `equal` and `hash` must agree: equal states have equal hashes. The hash
 *   only needs to be fast and to spread states; collisions cost time, never
 *   correctness, because `equal` decides.
 * - `partition`, when given, splits a history into independent groups of
 *   operation indices (P-compositionality, e.g. by key). The history is
 *   linearizable exactly when every group is.
 * - `readOnly(input, output)`, when given, is true for an operation that
 *   never changes the state: in every state where `step` accepts it, `step`
 *   returns a state equal to the one it was given (a read, a failed
 *   compare-and-set). The checker linearizes such an operation as soon as it
 *   can instead of trying it at every position, so a wrong `true` can make
 *   it miss linearizations; leave it out when unsure.
 */
export interface LinSpec<S, I, O> {
  readonly name: string;
  readonly init: () => S;
  readonly step: (state: S, input: I, output: O) => S | Illegal;
  readonly equal?: (a: S, b: S) => boolean;
  readonly hash?: (state: S) => number;
  readonly describeOperation?: (input: I, output: O) => string;
  readonly describeState?: (state: S) => string;
  readonly partition?: (operations: readonly LinSpecOperation<I, O>[]) => readonly (readonly number[])[];
  readonly readOnly?: (input: I, output: O) => boolean;
}

/** A spec with every optional function filled in. */
export type FullLinSpec<S, I, O> = Required<LinSpec<S, I, O>>;

/**
 * Fills in the optional functions: `===` for equality, a hash of the state's
 * JSON text, JSON descriptions, a single partition and no read-only
 * operations. The JSON defaults are
 * correct for plain data but slow; hot specs provide their own.
 */
export function fillLinSpecDefaults<S, I, O>(spec: LinSpec<S, I, O>): FullLinSpec<S, I, O> {
  return {
    name: spec.name,
    init: spec.init,
    step: spec.step,
    equal: spec.equal ?? ((a, b) => a === b),
    hash: spec.hash ?? ((state) => hashString(JSON.stringify(state) ?? 'undefined')),
    describeOperation: spec.describeOperation ?? ((input, output) => `${JSON.stringify(input)} -> ${JSON.stringify(output)}`),
    describeState: spec.describeState ?? ((state) => JSON.stringify(state) ?? 'undefined'),
    partition: spec.partition ?? ((operations) => [operations.map((_, index) => index)]),
    readOnly: spec.readOnly ?? (() => false),
  };
}

/** FNV-1a over UTF-16 code units: the default state hash for specs with string states. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return hash | 0;
}
