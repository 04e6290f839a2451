import type { PropertyId } from '../model/property-id.js';
import type { ClusterKind } from './sim-config.js';

/** A planted bug. The gate must catch each one as the property it names. */
export interface Mutant {
  readonly name: string;
  readonly cluster: ClusterKind;
  readonly caughtAs: PropertyId;
  readonly description: string;
}

/** The catalog; node logic reads the names listed in a run's configuration. */
export const MUTANTS: readonly Mutant[] = [
  {
    name: 'vote-twice',
    cluster: 'single-leader',
    caughtAs: 'election-safety',
    description: 'votedFor is not persisted, so a node that crashes and restarts can vote twice in one term',
  },
  {
    name: 'lease-ignores-drift',
    cluster: 'single-leader',
    caughtAs: 'single-leader',
    description: 'the leader lease lasts a full minimum election timeout, with no margin for clock drift',
  },
];

export function findMutant(name: string): Mutant | undefined {
  return MUTANTS.find((mutant) => mutant.name === name);
}
