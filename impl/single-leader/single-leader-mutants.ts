/**
 * The planted bugs of the single-leader cluster. Node logic reads them from
 * its configuration as typed flags; the catalog (`impl/mutants.ts`) says what
 * each removes and which property must catch it.
 */
export const SINGLE_LEADER_MUTANTS = [
  'vote-twice',
  'lease-ignores-drift',
  'no-restart-promise',
  'no-log-up-to-date-check',
  'no-prev-log-check',
  'commit-previous-term',
  'truncate-on-stale-append',
  'stale-read',
  'read-before-term-commit',
  'no-request-dedup',
  'ack-before-commit',
  'volatile-commit-index',
  'no-fencing',
  'no-admission-check',
  'move-without-handoff',
] as const;

export type SingleLeaderMutant = (typeof SINGLE_LEADER_MUTANTS)[number];

/** One boolean per mutant, so that node logic tests a flag rather than searching a list on its hot paths. */
export type SingleLeaderMutantFlags = { readonly [M in SingleLeaderMutant]: boolean };

export function mutantFlags(mutants: readonly SingleLeaderMutant[]): SingleLeaderMutantFlags {
  return Object.fromEntries(SINGLE_LEADER_MUTANTS.map((name) => [name, mutants.includes(name)])) as SingleLeaderMutantFlags;
}
