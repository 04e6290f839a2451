import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { DriftClock } from './drift-clock.js';

const rate = fc.integer({ min: -200_000, max: 200_000 });

test.prop([fc.nat({ max: 10_000 }), rate, fc.array(fc.tuple(fc.integer({ min: 1, max: 500 }), rate), { maxLength: 20 })])(
  'local time never goes backwards, across rate changes',
  (offset, initial, changes) => {
    const clock = new DriftClock(offset, initial);
    let now = 0;
    let last = clock.localAt(0);
    for (const [advance, next] of changes) {
      now += advance;
      const before = clock.localAt(now);
      clock.setRate(now, next);
      expect(Math.abs(clock.localAt(now) - before)).toBeLessThanOrEqual(1);
      expect(before).toBeGreaterThanOrEqual(last);
      last = clock.localAt(now);
    }
  },
);

test.prop([rate, fc.integer({ min: 1, max: 100_000 })])('a timer of L local ticks fires no earlier than L local ticks later', (ppm, localTicks) => {
  const clock = new DriftClock(0, ppm);
  const start = 1_000;
  const due = start + clock.trueTicksFor(localTicks);
  expect(clock.localAt(due) - clock.localAt(start)).toBeGreaterThanOrEqual(localTicks - 1);
});

test('a clock at +10% runs 10% ahead of true time', () => {
  const clock = new DriftClock(0, 100_000);
  expect(clock.localAt(1_000)).toBe(1_100);
  expect(clock.ratePpm()).toBe(100_000);
});
