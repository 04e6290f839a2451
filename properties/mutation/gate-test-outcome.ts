/**
 * One gate used as a test of a mutant (a cluster's gate, or the scheduler
 * check on one reference scheduler): it passed after `runs` runs, so the
 * mutant survives it, or it failed after `runs` runs for `reason`, which
 * kills the mutant.
 */
export type GateTestOutcome =
  | { readonly kind: 'passed'; readonly runs: number }
  | { readonly kind: 'failed'; readonly runs: number; readonly reason: string };

/** What a cluster gate's search came to, before it is read as a test outcome. */
export interface ClusterSearch {
  /** Runs made, the one that ended the search included. */
  readonly runs: number;
  /** The first run that broke a property: its number in the seed's sequence (from 0), and the property. */
  readonly violation: { readonly index: number; readonly property: string } | null;
  /** A run that threw instead of finishing: the code under test crashed. */
  readonly crash: { readonly index: number; readonly message: string } | null;
  /** Why the gate would say "inconclusive" (no run elected a leader, a check timed out), or null. */
  readonly inconclusive: string | null;
}

/**
 * Reads a cluster gate's search as a mutation test: the mutant is caught when
 * the gate would not pass the code. A broken property fails the gate; a run
 * that crashes fails it too (a user's CI would stop on the exception); and so
 * does an inconclusive gate, which exits 3 and never counts as a pass. Only
 * a search that ran every run and proved something lets the mutant survive.
 */
export function clusterSearchOutcome(cluster: string, search: ClusterSearch): GateTestOutcome {
  if (search.crash !== null) return { kind: 'failed', runs: search.runs, reason: `${cluster} gate: run ${search.crash.index} crashed: ${search.crash.message}` };
  if (search.violation !== null) {
    return { kind: 'failed', runs: search.runs, reason: `${cluster} gate: run ${search.violation.index} broke ${search.violation.property}` };
  }
  if (search.inconclusive !== null) return { kind: 'failed', runs: search.runs, reason: `${cluster} gate inconclusive: ${search.inconclusive}` };
  return { kind: 'passed', runs: search.runs };
}

/** What the scheduler check expects of a reference scheduler: every workload holds, or the first failure breaks this property. */
export type LawExpectation = { readonly kind: 'holds' } | { readonly kind: 'breaks'; readonly property: 'conservation' | 'termination' };

/** What the scheduler check's search found on a reference scheduler. */
export type LawSearch =
  | { readonly kind: 'held'; readonly runs: number }
  | { readonly kind: 'violated'; readonly runs: number; readonly property: string; readonly message: string }
  | { readonly kind: 'crashed'; readonly runs: number; readonly message: string };

/**
 * Reads the scheduler check on one reference scheduler as a mutation test of
 * the laws: the mutant is caught when the check's verdict differs from the
 * one the scheduler is known to deserve (a lawful built-in is reported, a
 * planted law-breaker is passed or reported as the wrong property), or when
 * the check itself crashes.
 */
export function lawSearchOutcome(scheduler: string, expected: LawExpectation, search: LawSearch): GateTestOutcome {
  const said = `scheduler check on ${scheduler}`;
  switch (search.kind) {
    case 'crashed':
      return { kind: 'failed', runs: search.runs, reason: `${said} crashed: ${search.message}` };
    case 'held':
      return expected.kind === 'holds' ? { kind: 'passed', runs: search.runs } : { kind: 'failed', runs: search.runs, reason: `${said} passed ${search.runs} workloads; it must break ${expected.property}` };
    case 'violated':
      if (expected.kind === 'breaks' && expected.property === search.property) return { kind: 'passed', runs: search.runs };
      return {
        kind: 'failed',
        runs: search.runs,
        reason: `${said} reported ${search.property} (${search.message})${expected.kind === 'holds' ? ' on a lawful scheduler' : `; it must break ${expected.property}`}`,
      };
  }
}
