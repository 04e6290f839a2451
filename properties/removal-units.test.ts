import { describe, expect, test } from 'vitest';
import { defaultSingleLeaderConfig } from '../impl/single-leader/default-config.js';
import type { AimedFaults, ScheduledFault } from '../impl/world/fault.js';
import { minimizeCase } from './minimize-case.js';
import { removalUnits, withoutUnit } from './removal-units.js';
import type { RunCase } from './run-case.js';

const kindOf = (op: { readonly op: unknown }) => (op.op as { kind: string }).kind;

const config = defaultSingleLeaderConfig(3, []);
const bad = { lossPermille: 200, duplicatePermille: 0, reorder: true, delayMinTicks: 1, delayMaxTicks: 30 };
const schedule: ScheduledFault[] = [
  { atTick: 10, fault: { kind: 'crash', node: 1 } },
  { atTick: 20, fault: { kind: 'partition', partition: { kind: 'isolate', node: 0 } } },
  { atTick: 30, fault: { kind: 'crash', node: 2 } },
  { atTick: 35, fault: { kind: 'network', conditions: bad } },
  { atTick: 40, fault: { kind: 'restart', node: 2 } },
  { atTick: 50, fault: { kind: 'restart', node: 1 } },
  { atTick: 60, fault: { kind: 'heal-partition' } },
  { atTick: 70, fault: { kind: 'network', conditions: config.world.baselineNetwork } },
  { atTick: 80, fault: { kind: 'clock-drift', node: 0, ratePpm: 100_000 } },
];
const chain: AimedFaults[] = [
  { armAtTick: 100, trigger: { on: 'append' }, faults: [{ delayTicks: 0, fault: { kind: 'crash', node: -1 } }] },
  { armAtTick: 7, afterPrevious: true, trigger: { on: 'append' }, faults: [{ delayTicks: 0, fault: { kind: 'crash', node: -1 } }] },
  { armAtTick: 9, afterPrevious: true, trigger: { on: 'persist' }, faults: [{ delayTicks: 0, fault: { kind: 'crash', node: -1 } }] },
];
const workload = [
  { atTick: 5, client: 0, op: { kind: 'query' as const } },
  { atTick: 6, client: 1, op: { kind: 'complete' as const, job: 'j1' } },
];
const base: RunCase = { config, worldSeed: 1, schedule, aimed: chain, workload };

describe('removalUnits', () => {
  test('pairs each harm with the repair the generator scheduled after it, and lists aimed faults and operations one by one', () => {
    const units = removalUnits(base);
    expect(units.filter((unit) => unit.kind === 'fault').map((unit) => unit.scheduled)).toEqual([[0, 5], [1, 6], [2, 4], [3, 7], [8]]);
    expect(units.map((unit) => unit.label)).toEqual([
      'crash n1 at tick 10, undone at tick 50',
      'isolate n0 at tick 20, undone at tick 60',
      'crash n2 at tick 30, undone at tick 40',
      'network: loss 20%, duplication 0%, reordering, delay 1-30 ticks at tick 35, undone at tick 70',
      'clock of n0 at +100000 ppm at tick 80',
      'aimed fault: armed at tick 100, when any node writes its log: crash it at once',
      'aimed fault: armed 7 ticks after the previous aimed fault went off, when any node writes its log: crash it at once',
      'aimed fault: armed 9 ticks after the previous aimed fault went off, when any node writes its durable record: crash it at once',
      'client 0 query at tick 5',
      'client 1 complete {"job":"j1"} at tick 6',
    ]);
  });

  test('removing a fault removes its repair with it', () => {
    const [crash] = removalUnits(base);
    expect(withoutUnit(base, crash!).schedule.map((entry) => entry.atTick)).toEqual([20, 30, 35, 40, 60, 70, 80]);
  });

  test('removing the head of a chain makes the next link its head, armed when it would have been at the earliest', () => {
    const head = removalUnits(base).find((unit) => unit.kind === 'aimed')!;
    const aimed = withoutUnit(base, head).aimed;
    expect(aimed).toHaveLength(2);
    expect(aimed[0]).toEqual({ armAtTick: 107, trigger: { on: 'append' }, faults: chain[1]!.faults });
    expect(aimed[1]).toBe(chain[2]);
  });

  test('removing a middle link chains the next to the one before', () => {
    const middle = removalUnits(base).filter((unit) => unit.kind === 'aimed')[1]!;
    expect(withoutUnit(base, middle).aimed).toEqual([chain[0], chain[2]]);
  });
});

describe('minimizeCase', () => {
  const control = { stopped: () => false, beforeRun: async () => undefined };

  test('keeps exactly what the failure needs, whatever order it comes in', async () => {
    // The "failure" needs the crash of n2 and the complete operation, nothing else.
    const fails = (candidate: RunCase) => candidate.schedule.some((entry) => entry.fault.kind === 'crash' && entry.fault.node === 2) && candidate.workload.some((op) => kindOf(op) === 'complete');
    const result = await minimizeCase(base, fails, control, 1_000);
    expect(result.complete).toBe(true);
    expect(removalUnits(result.runCase).map((unit) => unit.label)).toEqual(['crash n2 at tick 30, undone at tick 40', 'client 1 complete {"job":"j1"} at tick 6']);
    expect(result.removed).toBe(8);
  });

  test('sweeps again to find removals that become possible only after later ones', async () => {
    // The crash of n1 is needed while the query is there, and the query comes later in the sweep.
    const hasCrash = (candidate: RunCase) => candidate.schedule.some((entry) => entry.fault.kind === 'crash' && entry.fault.node === 1);
    const fails = (candidate: RunCase) => candidate.workload.some((op) => kindOf(op) === 'complete') && (!candidate.workload.some((op) => kindOf(op) === 'query') || hasCrash(candidate));
    const result = await minimizeCase(base, fails, control, 1_000);
    expect(result.complete).toBe(true);
    expect(removalUnits(result.runCase).map((unit) => unit.label)).toEqual(['client 1 complete {"job":"j1"} at tick 6']);
  });

  test('stops at its run cap and says the case may not be minimal', async () => {
    const result = await minimizeCase(base, () => true, control, 3);
    expect(result).toMatchObject({ complete: false, removed: 3, runs: 3 });
  });
});
