import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { EventQueue } from './event-queue.js';
import { TickQueue } from './tick-queue.js';

interface Item {
  tick: number;
  seq: number;
  next: Item | null;
  id: number;
}

/** A push some ticks after the latest tick popped (or before it, or between ticks, or far beyond the ring), or a pop. */
const operation = fc.oneof(
  { weight: 6, arbitrary: fc.record({ push: fc.nat({ max: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ push: fc.oneof(fc.integer({ min: -5, max: -1 }), fc.integer({ min: 8, max: 40 }), fc.double({ min: 0, max: 12, noNaN: true })) }) },
  { weight: 4, arbitrary: fc.constant({ pop: true as const }) },
);

test.prop([fc.constantFrom(1, 4, 8, 16, 1024), fc.array(operation, { maxLength: 300 })], { numRuns: 1000 })('pops in the same order as the heap, whatever the ticks and however pushes and pops interleave', (ring, operations) => {
  const calendar = new TickQueue<Item>(ring);
  const heap = new EventQueue<Item>();
  let now = 0;
  let id = 0;
  const popBoth = () => {
    expect(calendar.peekTick()).toBe(heap.peekTick());
    const a = calendar.pop();
    const b = heap.pop();
    expect(a?.id).toBe(b?.id);
    if (a !== undefined) now = a.tick;
  };
  for (const step of operations) {
    if ('pop' in step) popBoth();
    else {
      const tick = now + step.push;
      calendar.push({ tick, seq: 0, next: null, id });
      heap.push({ tick, seq: 0, next: null, id });
      id++;
    }
    expect(calendar.size).toBe(heap.size);
  }
  while (heap.size > 0) popBoth();
  expect(calendar.pop()).toBeUndefined();
  expect(calendar.peekTick()).toBe(Number.POSITIVE_INFINITY);
});

test('entries due at one tick come out in push order, also when the ring has moved on many times', () => {
  const queue = new TickQueue<Item>();
  const popped: number[] = [];
  for (let round = 0; round < 5_000; round += 7) {
    queue.push({ tick: round + 3, seq: 0, next: null, id: 2 * round });
    queue.push({ tick: round + 3, seq: 0, next: null, id: 2 * round + 1 });
    while (queue.size > 0) popped.push(queue.pop()!.id);
  }
  expect(popped).toEqual(popped.slice().sort((a, b) => a - b));
});

test('an entry that waited beyond the ring goes before one pushed later at its tick, once the ring has reached it', () => {
  const queue = new TickQueue<Item>(8);
  queue.push({ tick: 0, seq: 0, next: null, id: 0 });
  queue.push({ tick: 10, seq: 0, next: null, id: 1 });
  queue.push({ tick: 5, seq: 0, next: null, id: 2 });
  expect([queue.pop()!.id, queue.pop()!.id]).toEqual([0, 2]);
  queue.push({ tick: 10, seq: 0, next: null, id: 3 });
  expect([queue.pop()!.id, queue.pop()!.id]).toEqual([1, 3]);
});
