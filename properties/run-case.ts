import type { ScheduledFault } from '../impl/world/fault.js';
import type { SimConfig } from '../impl/sim-config.js';

/** Everything that determines one simulated run: replaying it needs nothing else. */
export interface RunCase {
  readonly config: SimConfig;
  /** Seeds the world's PRNG: delays, losses, clock offsets, election timeouts. */
  readonly worldSeed: number;
  readonly schedule: readonly ScheduledFault[];
}
