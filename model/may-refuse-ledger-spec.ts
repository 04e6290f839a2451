import { checkLedgerCapacity, describeLedgerOperation, stepLedgerQuery, stepLedgerRelease, type LedgerInput, type LedgerOutput } from './ledger-spec.js';
import { ILLEGAL } from './lin-spec.js';
import type { NondeterministicSpec } from './nondeterministic-spec.js';

/**
 * The leaderless cluster's ledger: "may refuse, never over-grants". A node
 * grants only from its own escrow share, so an acquire may be refused while
 * units are free elsewhere; a grant must still fit in the global free count.
 * An acquire whose outcome is unknown may have taken the units or not, which
 * is where the nondeterminism lies. Check it through `toDeterministicSpec`.
 */
export function mayRefuseLedgerSpec(capacity: number): NondeterministicSpec<number, LedgerInput, LedgerOutput> {
  checkLedgerCapacity(capacity);
  return {
    name: 'ledger-may-refuse',
    init: () => capacity,
    step: (free, input, output) => {
      const only = (next: number | typeof ILLEGAL): number[] => (next === ILLEGAL ? [] : [next]);
      switch (input.kind) {
        case 'acquire': {
          const fits = input.amount >= 0 && input.amount <= free;
          if (output.kind === 'granted') return fits ? [free - input.amount] : [];
          if (output.kind === 'refused') return [free];
          if (output.kind === 'unknown') return fits ? [free - input.amount, free] : [free];
          return [];
        }
        case 'release':
          return output.kind === 'released' || output.kind === 'unknown' ? only(stepLedgerRelease(capacity, free, input.amount)) : [];
        case 'query':
          return only(stepLedgerQuery(free, output));
      }
    },
    equal: (a, b) => a === b,
    hash: (free) => Math.imul(free | 0, 0x9e3779b1) ^ ((free * 1024) | 0),
    describeOperation: describeLedgerOperation,
    describeState: (free) => `free=${free}`,
  };
}
