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
