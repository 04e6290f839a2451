import { describe, expect, test } from 'vitest';
import type { ScheduledFault } from './fault.js';
import type { NodeLogic } from './node-logic.js';
import type { SimConfig } from '../sim-config.js';
import { defaultSingleLeaderConfig } from '../single-leader/default-config.js';
import { World } from './world.js';

/**
 * A tiny protocol for testing the world alone: every node pings the next one
 * on a timer, counts what it receives, and persists how many pings it sent.
 */
interface PingState {
  sent: number;
  received: number;
  readonly startedWith: number | undefined;
}
const pingLogic: NodeLogic<PingState, { kind: 'ping'; n: number }, number> = {
  timerNames: ['tick'],
  start(ctx, persisted, out) {
    out.push({ kind: 'set-timer', timer: 0, afterTicks: ctx.rng.int(5, 15) });
    return { sent: persisted ?? 0, received: 0, startedWith: persisted };
  },
  onMessage(state) {
    state.received++;
  },
  onTimer(state, _timer, ctx, out) {
    state.sent++;
    out.push({ kind: 'persist', state: state.sent });
    out.push({ kind: 'send', to: (ctx.node + 1) % 3, msg: { kind: 'ping', n: state.sent } });
    out.push({ kind: 'set-timer', timer: 0, afterTicks: 10 });
  },
};

const config: SimConfig = {
  ...defaultSingleLeaderConfig(3, []),
  driftBoundPpm: 50_000,
  baselineNetwork: { lossPermille: 100, duplicatePermille: 100, reorder: true, delayMinTicks: 1, delayMaxTicks: 9 },
  linkQueueCapacity: 16,
  faultPhaseTicks: 500,
  livenessBoundTicks: 500,
  maxSteps: 100_000,
};

function run(seed: number, schedule: ScheduledFault[] = [], overrides: Partial<SimConfig> = {}, untilTick = 1_000) {
  const world = new World({ ...config, ...overrides }, pingLogic, seed, schedule, { record: true });
  while (world.step(untilTick) !== null);
  return world;
}

describe('World', () => {
  test('the same seed gives the same events and digest; another seed does not', () => {
    const a = run(11);
    const b = run(11);
    expect(a.events).toEqual(b.events);
    expect(a.digest).toBe(b.digest);
    expect(run(12).digest).not.toBe(a.digest);
    expect(a.events.some((e) => e.kind === 'deliver')).toBe(true);
    expect(a.events.some((e) => e.kind === 'drop' && e.reason === 'loss')).toBe(true);
  });

  test('a crash loses volatile state and keeps what was persisted; a restart starts from it', () => {
    const world = new World(config, pingLogic, 3, [{ atTick: 200, fault: { kind: 'crash', node: 1 } }, { atTick: 300, fault: { kind: 'restart', node: 1 } }], { record: true });
    while (world.step(250) !== null);
    expect(world.status(1)).toBe('down');
    expect(world.state(1)).toBeUndefined();
    while (world.step(400) !== null);
    const restarted = world.state(1)!;
    expect(restarted.startedWith).toBeGreaterThan(0);
    expect(restarted.received).toBeLessThan(world.state(0)!.received);
    expect(world.events.some((e) => e.kind === 'drop' && e.reason === 'down' && e.to === 1)).toBe(true);
  });

  test('a paused node takes no steps until it resumes, then catches up', () => {
    const world = new World(config, pingLogic, 5, [{ atTick: 100, fault: { kind: 'pause', node: 2, durationTicks: 200 } }], { record: true });
    while (world.step(1_000) !== null);
    const stepsOfNode2 = world.events.filter((e) => (e.kind === 'deliver' && e.to === 2) || (e.kind === 'timer' && e.node === 2)).map((e) => e.tick);
    expect(stepsOfNode2.some((tick) => tick > 100 && tick < 300)).toBe(false);
    expect(stepsOfNode2.some((tick) => tick >= 300)).toBe(true);
  });

  test('an absent node starts on join; a node that leaves never returns and loses its disk', () => {
    const world = new World({ ...config, initiallyAbsent: [2] }, pingLogic, 7, [{ atTick: 150, fault: { kind: 'join', node: 2 } }, { atTick: 250, fault: { kind: 'leave', node: 0 } }], {
      record: true,
    });
    while (world.step(100) !== null);
    expect(world.status(2)).toBe('absent');
    while (world.step(1_000) !== null);
    expect(world.status(2)).toBe('up');
    expect(world.state(2)!.startedWith).toBeUndefined();
    expect(world.status(0)).toBe('left');
  });

  test('partitions drop on arrival and heal at the end of the fault phase', () => {
    const world = run(9, [{ atTick: 0, fault: { kind: 'partition', partition: { kind: 'isolate', node: 1 } } }], { baselineNetwork: { ...config.baselineNetwork, lossPermille: 0 } });
    const inPhase = (t: number) => t < config.faultPhaseTicks;
    expect(world.events.some((e) => e.kind === 'deliver' && inPhase(e.tick) && (e.from === 1 || e.to === 1))).toBe(false);
    expect(world.events.some((e) => e.kind === 'drop' && e.reason === 'partition')).toBe(true);
    expect(world.events.some((e) => e.kind === 'deliver' && !inPhase(e.tick) && e.to === 1)).toBe(true);
  });

  test('clock drift is clamped to the configured bound', () => {
    const world = run(1, [{ atTick: 10, fault: { kind: 'clock-drift', node: 0, ratePpm: 900_000 } }], {}, 20);
    expect(world.clockRatePpm(0)).toBe(config.driftBoundPpm);
  });

  test('maxSteps bounds every run', () => {
    const world = run(1, [], { maxSteps: 25 });
    expect(world.stepCount).toBe(25);
  });
});
