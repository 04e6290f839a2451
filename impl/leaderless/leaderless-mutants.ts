/**
 * The planted bugs of the leaderless cluster. Node logic reads them from its
 * configuration as typed flags; the catalog (`impl/mutants.ts`) says what each
 * removes and which property must catch it.
 */
export const LEADERLESS_MUTANTS = ['transfer-not-idempotent', 'transfer-lost-on-drop', 'coordinator-no-quorum', 'gossip-ignores-incarnation', 'no-self-assertion', 'grant-beyond-share', 'reply-before-persist', 'grant-anywhere'] as const;

export type LeaderlessMutant = (typeof LEADERLESS_MUTANTS)[number];

/** One boolean per mutant, so that node logic tests a flag rather than searching a list. */
export type LeaderlessMutantFlags = { readonly [M in LeaderlessMutant]: boolean };

export function leaderlessMutantFlags(mutants: readonly LeaderlessMutant[]): LeaderlessMutantFlags {
  return Object.fromEntries(LEADERLESS_MUTANTS.map((name) => [name, mutants.includes(name)])) as LeaderlessMutantFlags;
}
