import fc from 'fast-check';
import { xorshift128plus } from 'pure-rand/generator/xorshift128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/**
 * The values one fast-check seed generates, by run number, exactly as
 * `fc.check` with that seed generates them: fast-check draws run i from its
 * default generator (xorshift128+) seeded with the seed and jumped i + 1
 * times, with the bias it gives run i. Any thread can so generate any run of
 * a seed on its own, in any order of threads, and fast-check shrinks a
 * failing run i from the path `"i"`. `properties/gate-case-stream.test.ts`
 * holds this equal to `fc.check` itself.
 *
 * Runs must be asked for in increasing order: each is reached by jumping on
 * from the previous one, so a stream costs one jump per run it passes.
 */
export class GateCaseStream<T> {
  private readonly rng: JumpableRandomGenerator;
  private position = -1;

  constructor(
    private readonly arbitrary: fc.Arbitrary<T>,
    seed: number,
  ) {
    this.rng = xorshift128plus(seed | 0);
  }

  at(index: number): T {
    if (!Number.isSafeInteger(index) || index <= this.position) throw new RangeError(`run ${index} is not after run ${this.position}`);
    while (this.position < index) {
      this.rng.jump();
      this.position++;
    }
    // fc.Random copies the generator, so generating does not move the stream.
    return this.arbitrary.generate(new fc.Random(this.rng), biasFactor(index)).value;
  }
}

/** fast-check's bias for run `index` (its `runIdToFrequency`): small values are likelier in early runs. */
function biasFactor(index: number): number {
  return 2 + ~~(Math.log(index + 1) * 0.4342944819032518);
}
