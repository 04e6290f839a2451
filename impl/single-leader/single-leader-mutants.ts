/**
 * The planted bugs of the single-leader cluster. Node logic reads them from
 * its configuration; the catalog (`impl/mutants.ts`) says which property must
 * catch each.
 */
export const SINGLE_LEADER_MUTANTS = ['vote-twice', 'lease-ignores-drift'] as const;

export type SingleLeaderMutant = (typeof SINGLE_LEADER_MUTANTS)[number];
