import { ILLEGAL, type Illegal, type LinSpec } from './lin-spec.js';

/**
 * The allocation service's client API over one pool of `capacity` units.
 * A first version: amounts only, no job or grant ids (a later issue adds
 * them), and a single resource dimension.
 */
export type LedgerInput =
  | { readonly kind: 'acquire'; readonly amount: number }
  | { readonly kind: 'release'; readonly amount: number }
  | { readonly kind: 'query' };

/** `unknown` is a lost result (a timeout or `:info`): the operation may or may not have happened. */
export type LedgerOutput =
  | { readonly kind: 'granted' }
  | { readonly kind: 'refused' }
  | { readonly kind: 'released' }
  | { readonly kind: 'free'; readonly free: number }
  | { readonly kind: 'unknown' };

/**
 * Steps the free-unit count. Shared by the deterministic ledger and the
 * "may refuse" ledger for the operations on which they agree.
 */
export function stepLedgerRelease(capacity: number, free: number, amount: number): number | Illegal {
  // Releasing more than is held would create capacity out of nothing.
  return amount >= 0 && free + amount <= capacity ? free + amount : ILLEGAL;
}

export function stepLedgerQuery(free: number, output: LedgerOutput): number | Illegal {
  return output.kind !== 'free' || output.free === free ? free : ILLEGAL;
}

export function describeLedgerOperation(input: LedgerInput, output: LedgerOutput): string {
  const result = output.kind === 'unknown' ? '?' : output.kind === 'free' ? String(output.free) : output.kind;
  switch (input.kind) {
    case 'acquire':
      return `acquire(${input.amount}) -> ${result}`;
    case 'release':
      return `release(${input.amount}) -> ${result}`;
    case 'query':
      return `query() -> ${result}`;
  }
}

/** Both ledger specs start from a capacity; anything but a finite count of units is a programming error. */
export function checkLedgerCapacity(capacity: number): void {
  if (!Number.isFinite(capacity) || capacity < 0) {
    throw new RangeError(`ledger capacity must be a finite number of units, at least 0 (got ${capacity})`);
  }
}

/**
 * The deterministic ledger: the state is the number of free units, starting
 * at `capacity`. acquire(n) is granted exactly when n units are free (and
 * takes them) and refused otherwise; release(n) gives n units back and is
 * illegal when fewer than n are held; query returns the free count. An
 * acquire whose outcome is unknown takes the units when they are free.
 */
export function ledgerSpec(capacity: number): LinSpec<number, LedgerInput, LedgerOutput> {
  checkLedgerCapacity(capacity);
  return {
    name: 'ledger',
    init: () => capacity,
    step: (free, input, output) => {
      switch (input.kind) {
        case 'acquire': {
          const fits = input.amount >= 0 && input.amount <= free;
          if (output.kind === 'granted') return fits ? free - input.amount : ILLEGAL;
          if (output.kind === 'refused') return fits ? ILLEGAL : free;
          if (output.kind === 'unknown') return fits ? free - input.amount : free;
          return ILLEGAL;
        }
        case 'release':
          return output.kind === 'released' || output.kind === 'unknown' ? stepLedgerRelease(capacity, free, input.amount) : ILLEGAL;
        case 'query':
          return stepLedgerQuery(free, output);
      }
    },
    equal: (a, b) => a === b,
    hash: (free) => Math.imul(free | 0, 0x9e3779b1) ^ ((free * 1024) | 0),
    describeOperation: describeLedgerOperation,
    describeState: (free) => `free=${free}`,
  };
}
