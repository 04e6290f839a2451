import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { mixValue } from './mix-value.js';

const json = fc.jsonValue();

/** What mixValue reads of an object's keys: their length and first letter. */
function keysAsShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keysAsShape);
  if (typeof value !== 'object' || value === null) return value;
  return Object.entries(value).map(([key, inner]) => [key.length, key.charCodeAt(0), keysAsShape(inner)]);
}

describe('mixValue', () => {
  test.prop([json])('mixes equal values equally, however they were built', (value) => {
    expect(mixValue(7, value)).toBe(mixValue(7, JSON.parse(JSON.stringify(value))));
  });

  test.prop([fc.array(json, { minLength: 2, maxLength: 2 })])('tells apart values that print differently, keys read by length and first letter (up to rare collisions)', ([a, b]) => {
    fc.pre(JSON.stringify(keysAsShape(a)) !== JSON.stringify(keysAsShape(b)));
    expect(mixValue(7, a)).not.toBe(mixValue(7, b));
  });

  test('tells apart what structure alone would confuse', () => {
    const distinct = [[1, [2]], [[1], 2], { a: 1 }, { b: 1 }, '1', 1, 1.5, true, null, [], {}, [null], ['a', 'b'], ['ab']];
    expect(new Set(distinct.map((value) => mixValue(0x811c9dc5, value))).size).toBe(distinct.length);
  });
});
