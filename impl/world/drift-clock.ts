/**
 * A node's local clock: it runs at `1 + ratePpm/10⁶` times true time from an
 * arbitrary starting offset. A rate change re-anchors the clock, so local time
 * stays continuous and never goes backwards.
 */
export class DriftClock {
  private anchorTrue = 0;
  private anchorLocal: number;
  private rate: number;

  constructor(offsetTicks: number, ratePpm: number) {
    this.anchorLocal = offsetTicks;
    this.rate = 1 + ratePpm / 1_000_000;
  }

  /** Local time at true time `trueTick`, rounded down to a whole tick. */
  localAt(trueTick: number): number {
    return Math.floor(this.anchorLocal + (trueTick - this.anchorTrue) * this.rate);
  }

  /** True ticks until `localTicks` have passed on this clock, rounded up. */
  trueTicksFor(localTicks: number): number {
    return Math.max(1, Math.ceil(localTicks / this.rate));
  }

  setRate(trueTick: number, ratePpm: number): void {
    this.anchorLocal = this.anchorLocal + (trueTick - this.anchorTrue) * this.rate;
    this.anchorTrue = trueTick;
    this.rate = 1 + ratePpm / 1_000_000;
  }

  ratePpm(): number {
    return Math.round((this.rate - 1) * 1_000_000);
  }
}
