import { describe, expect, test } from 'vitest';
import { FaultlineError } from '../../model/faultline-error.js';
import { defineScheduler, isScheduler, type SchedulerSpec } from './define-scheduler.js';

describe('defineScheduler', () => {
  test('returns a frozen scheduler that isScheduler recognises', () => {
    const scheduler = defineScheduler({ name: 'reject-all', place: ({ pending }) => pending.map((p) => ({ kind: 'reject', requestId: p.id })) });
    expect(isScheduler(scheduler)).toBe(true);
    expect(Object.isFrozen(scheduler)).toBe(true);
    expect(scheduler.rebalance).toBeUndefined();
  });

  test.each([
    ['a name with capitals', { name: 'BestFit', place: () => [] }],
    ['an empty name', { name: '', place: () => [] }],
    ['no place function', { name: 'x' }],
    ['a rebalance that is not a function', { name: 'x', place: () => [], rebalance: 3 }],
  ])('refuses %s with a one-line FaultlineError', (_what, spec) => {
    expect(() => defineScheduler(spec as unknown as SchedulerSpec)).toThrow(FaultlineError);
  });

  test('isScheduler refuses plain objects and functions', () => {
    expect(isScheduler({ name: 'x', place: () => [] })).toBe(false);
    expect(isScheduler(() => [])).toBe(false);
    expect(isScheduler(undefined)).toBe(false);
  });
});
