import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/**
 * The one source of randomness in a simulated run: fast-check's own PRNG
 * (pure-rand's xoroshiro128+), seeded from the run's seed. Subsystems get
 * their own stream through `fork`, so that adding a draw in one of them does
 * not shift the numbers every other one sees.
 */
export class Prng {
  private readonly generator: JumpableRandomGenerator;

  constructor(seed: number) {
    this.generator = xoroshiro128plus(seed | 0);
  }

  /** A uniform whole number in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.generator, min, max);
  }

  /** True with probability `permille` / 1000. */
  chancePermille(permille: number): boolean {
    if (permille <= 0) return false;
    if (permille >= 1000) return true;
    return uniformInt(this.generator, 0, 999) < permille;
  }

  /** An independent stream whose seed is drawn from this one and salted. */
  fork(salt: number): Prng {
    return new Prng((this.generator.next() ^ Math.imul(salt + 1, 0x9e3779b1)) | 0);
  }
}
