import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { EventQueue } from './event-queue.js';

test.prop([fc.array(fc.nat({ max: 50 }), { maxLength: 300 })])('pops entries by tick, and in push order within a tick', (ticks) => {
  const queue = new EventQueue<{ tick: number; seq: number; id: number }>();
  ticks.forEach((tick, id) => queue.push({ tick, seq: 0, id }));
  const popped: number[] = [];
  for (let entry = queue.pop(); entry !== undefined; entry = queue.pop()) popped.push(entry.id);
  const expected = ticks.map((tick, id) => ({ tick, id })).sort((a, b) => a.tick - b.tick || a.id - b.id).map((e) => e.id);
  expect(popped).toEqual(expected);
  expect(queue.size).toBe(0);
});

test('peekTick reports the earliest tick, or infinity when empty', () => {
  const queue = new EventQueue<{ tick: number; seq: number }>();
  expect(queue.peekTick()).toBe(Number.POSITIVE_INFINITY);
  queue.push({ tick: 9, seq: 0 });
  queue.push({ tick: 4, seq: 0 });
  expect(queue.peekTick()).toBe(4);
});
