import type { ClusterKind } from '../impl/sim-config.js';
import type { Scheduler } from '../impl/schedulers/define-scheduler.js';
import { builtinPropertyId, type PropertyId } from '../model/property-id.js';
import { builtinKind } from './cluster-registry.js';
import { runCase, type RunCase, type RunOutcome } from './run-case.js';

/**
 * What one run of the gate came to: held, broke a property, could not be
 * decided (a checker timed out), or, when the gate checks determinism, ran
 * differently the second time.
 */
export type GateRunVerdict = 'held' | 'violated' | 'undecided' | 'nondeterministic';

/** One run of a gate, by its number in the seed's sequence: what a worker reports, and what a tally adds up. */
export interface GateRunRecord {
  readonly index: number;
  readonly cluster: ClusterKind;
  readonly verdict: GateRunVerdict;
  /** The first property the run broke, when it broke one. */
  readonly property: PropertyId | null;
  /** Per "sometimes" counter of the cluster, how often this run reached it. */
  readonly coverage: Readonly<Record<string, number>>;
}

export interface GateRunOptions {
  /** Run every case twice, digesting message contents, and call a difference nondeterminism. */
  readonly checkDeterminism: boolean;
  readonly scheduler?: Scheduler | undefined;
}

/** A record that ends the search: runs after it cannot change which run the gate reports. */
export function endsSearch(record: GateRunRecord): boolean {
  return record.verdict === 'violated' || record.verdict === 'nondeterministic';
}

/** Runs one generated case the way the gate does: stopping at the first violation, and twice when asked to check determinism. */
export function runGateCase(candidate: RunCase, index: number, options: GateRunOptions): GateRunRecord {
  const run = () => runCase(candidate, { record: false, stopAtFirstViolation: true, scheduler: options.scheduler, digestContents: options.checkDeterminism });
  const outcome = run();
  const cluster = builtinKind(candidate.config);
  if (options.checkDeterminism && !sameOutcome(outcome, run())) return { index, cluster, verdict: 'nondeterministic', property: null, coverage: outcome.coverage };
  const first = outcome.violations[0];
  const property = first === undefined ? null : builtinPropertyId(first.property);
  const verdict = property !== null ? 'violated' : outcome.undecided.length > 0 ? 'undecided' : 'held';
  return { index, cluster, verdict, property, coverage: outcome.coverage };
}

function sameOutcome(first: RunOutcome, second: RunOutcome): boolean {
  return first.digest === second.digest && first.steps === second.steps && JSON.stringify(first.violations) === JSON.stringify(second.violations);
}
