/**
 * Leader leases that stay safe under clock drift, shared by every role that
 * serves under a lease (the single-leader cluster's leader, the leaderless
 * cluster's coordinator).
 *
 * A follower that acknowledges a round refuses votes for `minTimeout` of its
 * own clock, which is at least minTimeout/(1+ρ) of true time after the round
 * started. A lease of `L` local ticks on the holder's clock lasts at most
 * L/(1−ρ) of true time. So L < minTimeout·(1−ρ)/(1+ρ) keeps every lease inside
 * every promise that granted it.
 */
export function safeLeaseTicks(minTimeoutTicks: number, driftBoundPpm: number): number {
  const rho = driftBoundPpm / 1_000_000;
  return Math.max(1, Math.floor((minTimeoutTicks * (1 - rho)) / (1 + rho)) - 1);
}

/** How many heartbeat rounds a holder remembers for counting acknowledgements. */
export const ROUND_WINDOW = 8;

/**
 * The rounds a lease holder has started: when each began on its own clock and
 * who acknowledged it. Plain data, kept in the holder's node state.
 */
export interface LeaseRounds {
  round: number;
  readonly startLocal: number[];
  readonly acks: number[];
  /** The holder serves only while its own clock is below this. */
  leaseUntilLocal: number;
  /** Start of the latest round a majority acknowledged (check-quorum). */
  lastQuorumLocal: number;
}

export function newLeaseRounds(): LeaseRounds {
  return { round: 0, startLocal: new Array<number>(ROUND_WINDOW).fill(0), acks: new Array<number>(ROUND_WINDOW).fill(0), leaseUntilLocal: Number.NEGATIVE_INFINITY, lastQuorumLocal: Number.NEGATIVE_INFINITY };
}

/** Starts a new round at `nowLocal`, acknowledged so far by the holder itself. */
export function startLeaseRound(rounds: LeaseRounds, self: number, nowLocal: number): number {
  rounds.round++;
  const slot = rounds.round % ROUND_WINDOW;
  rounds.startLocal[slot] = nowLocal;
  rounds.acks[slot] = 1 << self;
  return rounds.round;
}

/**
 * Records that `from` acknowledged `round`; when a majority has, the lease
 * extends to that round's start plus `leaseTicks`. Acknowledgements of rounds
 * outside the window, or not started yet, are ignored.
 */
export function acknowledgeLeaseRound(rounds: LeaseRounds, round: number, from: number, majority: number, leaseTicks: number): void {
  if (round <= rounds.round - ROUND_WINDOW || round > rounds.round) return;
  const slot = round % ROUND_WINDOW;
  const acks = rounds.acks[slot]! | (1 << from);
  rounds.acks[slot] = acks;
  if (popcount(acks) < majority) return;
  const start = rounds.startLocal[slot]!;
  rounds.leaseUntilLocal = Math.max(rounds.leaseUntilLocal, start + leaseTicks);
  rounds.lastQuorumLocal = Math.max(rounds.lastQuorumLocal, start);
}

/** Ends the lease at once, as a holder that steps down must. */
export function dropLease(rounds: LeaseRounds): void {
  rounds.leaseUntilLocal = Number.NEGATIVE_INFINITY;
}

export function popcount(mask: number): number {
  let value = mask - ((mask >>> 1) & 0x55555555);
  value = (value & 0x33333333) + ((value >>> 2) & 0x33333333);
  return Math.imul((value + (value >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
