/** The stable property ids (DESIGN.md): used in output, traces and exit reports. */
export const PROPERTY_IDS = [
  'election-safety',
  'single-leader',
  'log-matching',
  'leader-completeness',
  'state-machine-safety',
  'conservation',
  'no-lost-ack',
  'job-exclusivity',
  'linearizable',
  'refinement',
  'liveness',
  'termination',
] as const;

export type PropertyId = (typeof PROPERTY_IDS)[number];

/**
 * A violated property's id as one of DESIGN.md's. A run of a built-in
 * cluster reports only these; a user's protocol names its own, which never
 * reach code that needs this, so any other id is a bug.
 */
export function builtinPropertyId(property: string): PropertyId {
  const known: readonly string[] = PROPERTY_IDS;
  if (!known.includes(property)) throw new RangeError(`${JSON.stringify(property)} is not one of faultline's property ids`);
  return property as PropertyId;
}
