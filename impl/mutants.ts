import type { PropertyId } from '../model/property-id.js';
import type { ClusterKind } from './sim-config.js';
import type { SingleLeaderMutant } from './single-leader/single-leader-mutants.js';

/** A planted bug. The gate must catch each one as one of the properties it names. */
export interface Mutant {
  readonly name: SingleLeaderMutant;
  readonly cluster: ClusterKind;
  /** The properties expected to catch it; the first is the one it breaks most directly. */
  readonly caughtAs: readonly PropertyId[];
  readonly description: string;
}

/** The catalog; node logic reads the names listed in a run's configuration. */
export const MUTANTS: readonly Mutant[] = [
  {
    name: 'vote-twice',
    cluster: 'single-leader',
    caughtAs: ['election-safety'],
    description: 'votedFor is not persisted, so a node that crashes and restarts can vote twice in one term',
  },
  {
    name: 'lease-ignores-drift',
    cluster: 'single-leader',
    caughtAs: ['single-leader'],
    description: 'the leader lease lasts a full minimum election timeout, with no margin for clock drift',
  },
];

export function findMutant(name: string): Mutant | undefined {
  return MUTANTS.find((mutant) => mutant.name === name);
}
