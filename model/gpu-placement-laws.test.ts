import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { GPU_DEVICE_MILLI, gpuDemandMilli, packGpuDevices, type GpuDemand, type NodeGpus } from './gpu-demand.js';
import { deviceConservationViolations, describeGpuPlacementViolation, gpuPlacementViolation } from './gpu-placement-laws.js';

const gpus = (model: string, ...allocatedMilli: number[]): NodeGpus => ({ model, allocatedMilli });
const share = (milli: number, models?: string[]): GpuDemand => (models === undefined ? { kind: 'share', milli } : { kind: 'share', milli, models });
const whole = (count: number): GpuDemand => ({ kind: 'whole', count });

const demandArbitrary: fc.Arbitrary<GpuDemand> = fc.oneof(
  fc.integer({ min: 1, max: 999 }).map((milli) => share(milli)),
  fc.constantFrom(1, 2, 4, 8).map((count) => whole(count)),
);
const nodeArbitrary: fc.Arbitrary<NodeGpus> = fc
  .array(fc.integer({ min: 0, max: GPU_DEVICE_MILLI }), { minLength: 1, maxLength: 8 })
  .map((allocatedMilli) => gpus('T4', ...allocatedMilli));

describe('the per-device laws of a GPU placement', () => {
  test('a share on one device with room is lawful', () => {
    expect(gpuPlacementViolation(gpus('T4', 400, 0), share(500), [0])).toBeUndefined();
  });

  test('a 0.5-GPU share spread over two devices breaks the law', () => {
    const violation = gpuPlacementViolation(gpus('T4', 0, 0), share(500), [0, 1]);
    expect(violation?.kind).toBe('devices-missing');
    expect(describeGpuPlacementViolation(violation!, 'n1')).toBe('a 0.5 GPU share must sit on exactly one device of node n1, but was given 2');
  });

  test('two pods beyond 1000 milli on one device break the law', () => {
    expect(gpuPlacementViolation(gpus('T4', 600, 0), share(500), [0])).toMatchObject({ kind: 'device-over-capacity', device: 0, allocatedMilli: 600, addedMilli: 500 });
    expect(gpuPlacementViolation(gpus('T4', 1, 0), whole(1), [0])?.kind).toBe('device-over-capacity');
  });

  test.each([
    ['a device the node lacks', gpus('T4', 0), whole(1), [3], 'device-unknown'],
    ['a negative device', gpus('T4', 0), whole(1), [-1], 'device-unknown'],
    ['the same device twice', gpus('T4', 0, 0), whole(2), [1, 1], 'device-repeated'],
    ['a model the request does not allow', gpus('T4', 0), share(300, ['V100M16', 'V100M32']), [0], 'model-not-allowed'],
    ['devices for a request without GPU demand', gpus('T4', 0), undefined, [0], 'devices-unasked'],
    ['whole GPUs on too few devices', gpus('T4', 0, 0), whole(2), [0], 'devices-missing'],
    ['GPU demand on a node without GPUs', undefined, whole(1), [0], 'device-unknown'],
  ])('%s is caught', (_what, node, demand, devices, kind) => {
    expect(gpuPlacementViolation(node, demand, devices)?.kind).toBe(kind);
  });

  test.prop([nodeArbitrary, demandArbitrary])('what packGpuDevices chooses is always lawful, and it finds room whenever there is', (node, demand) => {
    const free = node.allocatedMilli.map((held) => GPU_DEVICE_MILLI - held);
    const devices = packGpuDevices(demand, node.model, free);
    const perDevice = demand.kind === 'share' ? demand.milli : GPU_DEVICE_MILLI;
    const roomy = free.filter((f) => f >= perDevice).length;
    const needed = demand.kind === 'share' ? 1 : demand.count;
    if (devices === undefined) expect(roomy).toBeLessThan(needed);
    else {
      expect(gpuPlacementViolation(node, demand, devices)).toBeUndefined();
      expect(devices.length * perDevice).toBe(gpuDemandMilli(demand));
    }
  });

  test('a share goes on the fullest device that still has room', () => {
    expect(packGpuDevices(share(300), 'T4', [1000, 400, 300, 200])).toEqual([2]);
  });
});

describe('per-device conservation of a cluster state', () => {
  const node = { id: 'n1', gpus: gpus('T4', 500, 1000) };
  test('holds when every device reports what its jobs hold', () => {
    const jobs = [
      { nodeId: 'n1', gpu: { demand: share(500), devices: [0] } },
      { nodeId: 'n1', gpu: { demand: whole(1), devices: [1] } },
    ];
    expect(deviceConservationViolations([node], jobs)).toEqual([]);
  });
  test('names a device whose report differs from its jobs, and jobs on a device that does not exist', () => {
    const jobs = [
      { nodeId: 'n1', gpu: { demand: share(400), devices: [0] } },
      { nodeId: 'n1', gpu: { demand: whole(1), devices: [1] } },
      { nodeId: 'n1', gpu: { demand: share(100), devices: [2] } },
    ];
    expect(deviceConservationViolations([node], jobs)).toEqual([
      'GPU device 0 of node n1 reports 500 milli allocated, its jobs hold 400',
      'node n1 has no GPU device 2, yet jobs hold 100 milli on it',
    ]);
  });
  test('names a device its jobs hold above 1000 milli', () => {
    const jobs = [
      { nodeId: 'n1', gpu: { demand: share(600), devices: [0] } },
      { nodeId: 'n1', gpu: { demand: share(600), devices: [0] } },
    ];
    expect(deviceConservationViolations([{ id: 'n1', gpus: gpus('T4', 1200) }], jobs)).toEqual(['GPU device 0 of node n1 holds 1200 of 1000 milli']);
  });
});
