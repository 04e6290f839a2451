import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { demandProfile, fragmentedMilliFor, nodeGpuFragmentation, type NodeRoom } from './gpu-fragmentation.js';
import type { GpuDemand } from './gpu-demand.js';

const room = (cpuMillis: number, memoryMiB: number, ...gpuFreeMilli: number[]): NodeRoom => ({ free: { cpuMillis, memoryMiB }, gpuModel: 'T4', gpuFreeMilli });
const small = { cpuMillis: 1000, memoryMiB: 1024 };
const share = (milli: number, models?: string[]): GpuDemand => (models === undefined ? { kind: 'share', milli } : { kind: 'share', milli, models });
const whole = (count: number): GpuDemand => ({ kind: 'whole', count });

describe('the fragmentation of a node for one request (F_n(m))', () => {
  const node = room(8000, 8192, 1000, 500, 100);
  test.each([
    ['a whole GPU cannot use the half-empty and nearly full devices', whole(1), 600],
    ['a 0.6 share can use only the empty device', share(600), 600],
    ['a 0.4 share can use the empty and half-empty devices', share(400), 100],
    ['a 0.1 share can use every device', share(100), 0],
    ['two whole GPUs find only one empty device: all free GPU is lost to them', whole(2), 1600],
    ['a request without GPUs can use none of them', undefined, 1600],
    ['a request for another model can use none of them', share(100, ['V100M16']), 1600],
  ])('%s', (_what, gpu, expected) => {
    expect(fragmentedMilliFor(node, small, gpu)).toBe(expected);
  });

  test('a request that does not fit the free cpu or memory can use none of the GPUs', () => {
    expect(fragmentedMilliFor(room(500, 8192, 1000), small, share(100))).toBe(1000);
    expect(fragmentedMilliFor(room(8000, 512, 1000), small, share(100))).toBe(1000);
  });

  test('a node without GPUs, or with every device full, has nothing to fragment', () => {
    expect(nodeGpuFragmentation(room(8000, 8192), demandProfile([{ demand: small }]))).toBe(0);
    expect(nodeGpuFragmentation(room(8000, 8192, 0, 0), demandProfile([{ demand: small, gpu: share(100) }]))).toBe(0);
  });
});

describe('a demand profile', () => {
  test('groups requests by shape, heaviest first, with weights that add up to 1', () => {
    const profile = demandProfile([
      { demand: small, gpu: share(500) },
      { demand: small },
      { demand: small, gpu: share(500) },
      { demand: small, gpu: share(500, ['P100', 'T4']) },
    ]);
    expect(profile.map((m) => m.weight)).toEqual([0.5, 0.25, 0.25]);
    expect(profile[0]?.gpu).toEqual(share(500));
  });

  test('the expected fragmentation weighs each class by its frequency', () => {
    const profile = demandProfile([{ demand: small, gpu: whole(1) }, { demand: small, gpu: share(400) }]);
    expect(nodeGpuFragmentation(room(8000, 8192, 1000, 500, 100), profile)).toBeCloseTo(0.5 * 600 + 0.5 * 100);
  });

  const roomArbitrary = fc.record({
    cpu: fc.integer({ min: 0, max: 16000 }),
    memory: fc.integer({ min: 0, max: 16384 }),
    devices: fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 8 }),
  });
  const requestArbitrary = fc.record({
    demand: fc.record({ cpuMillis: fc.integer({ min: 0, max: 16000 }), memoryMiB: fc.integer({ min: 0, max: 16384 }) }),
    gpu: fc.option(fc.oneof(fc.integer({ min: 1, max: 999 }).map((m) => share(m)), fc.integer({ min: 1, max: 8 }).map(whole)), { nil: undefined }),
  });
  test.prop([roomArbitrary, fc.array(requestArbitrary, { minLength: 1, maxLength: 10 })])('is between none and all of the free GPU', ({ cpu, memory, devices }, requests) => {
    const expected = nodeGpuFragmentation(room(cpu, memory, ...devices), demandProfile(requests));
    const free = devices.reduce((a, b) => a + b, 0);
    expect(expected).toBeGreaterThanOrEqual(-1e-9);
    expect(expected).toBeLessThanOrEqual(free + 1e-9);
  });
});
