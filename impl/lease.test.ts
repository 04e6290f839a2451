import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { acknowledgeLeaseRound, newLeaseRounds, ROUND_WINDOW, safeLeaseTicks, startLeaseRound } from './lease.js';

describe('the lease', () => {
  test.prop([fc.integer({ min: 10, max: 10_000 }), fc.integer({ min: 0, max: 400_000 })])(
    'the safe lease, on the slowest clock, ends before the promise, on the fastest clock',
    (minTimeout, driftPpm) => {
      const rho = driftPpm / 1_000_000;
      const lease = safeLeaseTicks(minTimeout, driftPpm);
      // Worst case: the holder's clock is slow (1-ρ) and the promising nodes' clocks are fast (1+ρ).
      expect(lease / (1 - rho)).toBeLessThan(minTimeout / (1 + rho));
    },
  );

  test('a lease a whole minimum timeout long, as the lease-ignores-drift mutant has it, outlasts the promise under drift', () => {
    const rho = 0.1;
    expect(100 / (1 - rho)).toBeGreaterThan(100 / (1 + rho));
  });

  test('a majority of acknowledgements extends the lease from the round start; a minority, a stale or a future round does not', () => {
    const rounds = newLeaseRounds();
    const first = startLeaseRound(rounds, 0, 1_000);
    acknowledgeLeaseRound(rounds, first, 1, 3, 50);
    expect(rounds.leaseUntilLocal).toBe(Number.NEGATIVE_INFINITY);
    acknowledgeLeaseRound(rounds, first + 1, 2, 3, 50);
    expect(rounds.leaseUntilLocal).toBe(Number.NEGATIVE_INFINITY);
    acknowledgeLeaseRound(rounds, first, 2, 3, 50);
    expect(rounds.leaseUntilLocal).toBe(1_050);
    expect(rounds.lastQuorumLocal).toBe(1_000);
    for (let round = 0; round < ROUND_WINDOW; round++) startLeaseRound(rounds, 0, 2_000 + round);
    acknowledgeLeaseRound(rounds, first, 3, 3, 500);
    expect(rounds.leaseUntilLocal).toBe(1_050);
  });
});
