import { describe, expect, test } from 'vitest';
import type { ScheduledFault } from './fault.js';
import type { NodeLogic } from './node-logic.js';
import type { WorkloadOp } from './workload.js';
import { World } from './world.js';
import type { WorldConfig } from './world-config.js';

/**
 * A tiny protocol for testing the world alone: every node pings the next one
 * on a timer, counts what it receives, persists how many pings it sent and
 * logs each ping it sent. Node 0 is the "leader" of its client API: others
 * redirect to it, and it answers `count` with the pings it received; node 2
 * never answers at all, so clients sent there must retry elsewhere.
 */
interface PingState {
  sent: number;
  received: number;
  readonly startedWith: number | undefined;
  readonly logOnDisk: number;
}
interface PingProtocol {
  readonly state: PingState;
  readonly msg: { readonly kind: 'ping'; readonly n: number };
  readonly hard: number;
  readonly entry: number;
  readonly op: { readonly kind: 'count' };
  readonly output: number;
}
const pingLogic: NodeLogic<PingProtocol> = {
  timerNames: ['tick'],
  start(ctx, disk, out) {
    out.push({ kind: 'set-timer', timer: 0, afterTicks: ctx.rng.int(5, 15) });
    return { sent: disk.hard ?? 0, received: 0, startedWith: disk.hard, logOnDisk: disk.log.length };
  },
  onMessage(state) {
    state.received++;
  },
  onTimer(state, _timer, ctx, out) {
    state.sent++;
    out.push({ kind: 'persist', hard: state.sent });
    out.push({ kind: 'append', fromIndex: state.sent - 1, entries: [state.sent] });
    out.push({ kind: 'send', to: (ctx.node + 1) % 3, msg: { kind: 'ping', n: state.sent } });
    out.push({ kind: 'set-timer', timer: 0, afterTicks: 10 });
  },
  onRequest(state, request, ctx, out) {
    if (ctx.node === 2) return;
    const reply = ctx.node === 0 ? { kind: 'result' as const, output: state.received } : { kind: 'redirect' as const, leader: 0 };
    out.push({ kind: 'reply', client: request.client, requestId: request.requestId, reply });
  },
};

const config: WorldConfig = {
  nodeCount: 3,
  initiallyAbsent: [],
  driftBoundPpm: 50_000,
  baselineNetwork: { lossPermille: 100, duplicatePermille: 100, reorder: true, delayMinTicks: 1, delayMaxTicks: 9 },
  linkQueueCapacity: 16,
  faultPhaseTicks: 500,
  livenessBoundTicks: 500,
  maxSteps: 100_000,
  clients: { count: 3, retryTicks: 30, timeoutTicks: 200 },
};

function run(seed: number, schedule: ScheduledFault[] = [], overrides: Partial<WorldConfig> = {}, untilTick = 1_000, workload: WorkloadOp<{ kind: 'count' }>[] = []) {
  const world = new World<PingProtocol>({ ...config, ...overrides }, pingLogic, seed, schedule, workload, { record: true });
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

  test('with digestContents the digest covers what messages carry; without, only each step\'s kind, time and nodes', () => {
    // The same protocol, except that pings carry ten times the count: every step happens at the same time as before.
    const loud: NodeLogic<PingProtocol> = {
      ...pingLogic,
      onTimer(state, timer, ctx, out) {
        pingLogic.onTimer(state, timer, ctx, out);
        const index = out.findIndex((effect) => effect.kind === 'send');
        out[index] = { kind: 'send', to: (ctx.node + 1) % 3, msg: { kind: 'ping', n: state.sent * 10 } };
      },
    };
    const digest = (logic: NodeLogic<PingProtocol>, digestContents: boolean) => {
      const world = new World<PingProtocol>(config, logic, 11, [], [], { record: false, digestContents });
      while (world.step(1_000) !== null);
      return world.digest;
    };
    expect(digest(loud, false)).toBe(digest(pingLogic, false));
    expect(digest(loud, true)).not.toBe(digest(pingLogic, true));
    expect(digest(pingLogic, true)).toBe(digest(pingLogic, true));
    expect(digest(pingLogic, true)).not.toBe(digest(pingLogic, false));
  });

  test('a crash loses volatile state and keeps what was persisted; a restart starts from it', () => {
    const world = new World<PingProtocol>(config, pingLogic, 3, [{ atTick: 200, fault: { kind: 'crash', node: 1 } }, { atTick: 300, fault: { kind: 'restart', node: 1 } }], [], { record: true });
    while (world.step(250) !== null);
    expect(world.status(1)).toBe('down');
    expect(world.state(1)).toBeUndefined();
    while (world.step(400) !== null);
    const restarted = world.state(1)!;
    expect(restarted.startedWith).toBeGreaterThan(0);
    // The log was written entry by entry, and the restarted node finds every entry it appended.
    expect(restarted.logOnDisk).toBe(restarted.startedWith);
    expect(restarted.received).toBeLessThan(world.state(0)!.received);
    expect(world.events.some((e) => e.kind === 'drop' && e.reason === 'down' && e.to === 1)).toBe(true);
  });

  test('a paused node takes no steps until it resumes, then catches up', () => {
    const world = new World<PingProtocol>(config, pingLogic, 5, [{ atTick: 100, fault: { kind: 'pause', node: 2, durationTicks: 200 } }], [], { record: true });
    while (world.step(1_000) !== null);
    const stepsOfNode2 = world.events.filter((e) => (e.kind === 'deliver' && e.to === 2) || (e.kind === 'timer' && e.node === 2)).map((e) => e.tick);
    expect(stepsOfNode2.some((tick) => tick > 100 && tick < 300)).toBe(false);
    expect(stepsOfNode2.some((tick) => tick >= 300)).toBe(true);
  });

  test('an absent node starts on join; a node that leaves never returns and loses its disk', () => {
    const world = new World<PingProtocol>({ ...config, initiallyAbsent: [2] }, pingLogic, 7, [{ atTick: 150, fault: { kind: 'join', node: 2 } }, { atTick: 250, fault: { kind: 'leave', node: 0 } }], [], {
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

  test('a client is redirected to the answering node, retries past a silent one, and its operations form a history', () => {
    const seen: string[] = [];
    const workload = [
      { atTick: 10, client: 1, op: { kind: 'count' as const } },
      { atTick: 11, client: 2, op: { kind: 'count' as const } },
      { atTick: 12, client: 2, op: { kind: 'count' as const } },
    ];
    const world = new World<PingProtocol>({ ...config, baselineNetwork: { ...config.baselineNetwork, lossPermille: 0, duplicatePermille: 0 } }, pingLogic, 4, [], workload, {
      record: true,
      listener: (event) => seen.push(event.kind),
    });
    while (world.step(1_000) !== null);
    const events = world.events;
    // Client 1 starts at node 1, which redirects it to node 0 at once.
    const invoke1 = events.find((e) => e.kind === 'invoke' && e.client === 1)!;
    expect(events.filter((e) => e.kind === 'client-send' && e.client === 1).map((e) => (e.kind === 'client-send' ? e.to : -1))).toEqual([1, 0]);
    expect(events.some((e) => e.kind === 'reply' && e.client === 1 && e.reply.kind === 'result')).toBe(true);
    // Client 2 starts at node 2, which never answers: it retries at the next node after retryTicks.
    const sends2 = events.filter((e) => e.kind === 'client-send' && e.client === 2);
    expect(sends2[0]).toMatchObject({ to: 2 });
    expect(sends2[1]).toMatchObject({ to: 0, tick: sends2[0]!.tick + config.clients.retryTicks });
    // The second operation of client 2 starts only after the first one ended, and goes first to the client's own node again.
    const invokes2 = events.filter((e) => e.kind === 'invoke' && e.client === 2);
    expect(invokes2).toHaveLength(2);
    const firstResult = events.find((e) => e.kind === 'reply' && e.client === 2 && e.reply.kind === 'result')!;
    expect(invokes2[1]!.tick).toBe(firstResult.tick);
    expect(events.find((e) => e.kind === 'client-send' && e.client === 2 && e.requestId === (invokes2[1] as { requestId: number }).requestId)).toMatchObject({ to: 2 });
    expect(invoke1.kind).toBe('invoke');
    expect(world.openOperations()).toBe(0);
    // Observers see what is not recorded too.
    expect(seen).toContain('send');
    expect(seen).toContain('append');
    expect(seen).toContain('start');
  });

  test('a client that hears nothing before its deadline gives up, goes on as a new process, and ignores late replies', () => {
    const workload = [
      { atTick: 0, client: 2, op: { kind: 'count' as const } },
      { atTick: 0, client: 2, op: { kind: 'count' as const } },
    ];
    // Node 0 is down all along and node 2 never answers, so the first operation times out.
    const world = run(6, [{ atTick: 0, fault: { kind: 'crash', node: 0 } }], { baselineNetwork: { ...config.baselineNetwork, lossPermille: 0 } }, 450, workload);
    const events = world.events;
    const gaveUp = events.filter((e) => e.kind === 'give-up');
    expect(gaveUp).toHaveLength(2);
    expect(gaveUp[0]!.tick - events.find((e) => e.kind === 'invoke')!.tick).toBe(config.clients.timeoutTicks);
    const processes = events.filter((e) => e.kind === 'invoke').map((e) => (e.kind === 'invoke' ? e.process : -1));
    expect(processes).toEqual([2, 2 + 3 + 3]);
    expect(world.openOperations()).toBe(0);
  });

  describe('aimed faults', () => {
    const calm = { ...config.baselineNetwork, lossPermille: 0, duplicatePermille: 0, reorder: false };

    test('go off the first time their trigger happens after they are armed, and only then', () => {
      const aimed = [{ armAtTick: 100, trigger: { node: 1, on: 'send' as const, msgKind: 'ping' }, faults: [{ delayTicks: 5, fault: { kind: 'pause' as const, node: 2, durationTicks: 50 } }] }];
      const world = new World<PingProtocol>({ ...config, baselineNetwork: calm }, pingLogic, 3, [], [], { record: true }, aimed);
      while (world.step(1_000) !== null);
      const triggers = world.events.filter((e) => e.kind === 'trigger');
      expect(triggers).toHaveLength(1);
      const firstPingAfter = world.events.find((e) => e.kind === 'deliver' && e.from === 1 && e.tick >= 100)!;
      expect(triggers[0]!.tick).toBeGreaterThanOrEqual(100);
      expect(triggers[0]!.tick).toBeLessThanOrEqual(firstPingAfter.tick);
      expect(world.events.find((e) => e.kind === 'fault')).toMatchObject({ tick: triggers[0]!.tick + 5, fault: { kind: 'pause', node: 2 } });
    });

    test('a trigger that watches every node strikes the node that set it off', () => {
      const aimed = [{ armAtTick: 50, trigger: { on: 'persist' as const }, faults: [{ delayTicks: 1, fault: { kind: 'crash' as const, node: -1 } }, { delayTicks: 30, fault: { kind: 'restart' as const, node: -1 } }] }];
      const world = new World<PingProtocol>({ ...config, baselineNetwork: calm }, pingLogic, 3, [], [], { record: true }, aimed);
      while (world.step(1_000) !== null);
      const trigger = world.events.find((e) => e.kind === 'trigger')!;
      const faults = world.events.filter((e) => e.kind === 'fault');
      expect(faults.map((e) => (e.kind === 'fault' ? e.fault : null))).toEqual([
        { kind: 'crash', node: (trigger as { node: number }).node },
        { kind: 'restart', node: (trigger as { node: number }).node },
      ]);
    });

    test('a crash at the trigger itself stops the node right after that effect: what its handler asked for next never happens', () => {
      // Node 0 persists, appends, then sends; crashing right after the append means the send never leaves.
      const aimed = [{ armAtTick: 0, trigger: { node: 0, on: 'append' as const }, faults: [{ delayTicks: 0, fault: { kind: 'crash' as const, node: 0 } }] }];
      const world = new World<PingProtocol>({ ...config, baselineNetwork: calm }, pingLogic, 3, [], [], { record: true }, aimed);
      while (world.step(400) !== null);
      const crash = world.events.find((e) => e.kind === 'fault')!;
      expect(crash).toMatchObject({ fault: { kind: 'crash', node: 0 } });
      expect(world.status(0)).toBe('down');
      expect(world.events.some((e) => e.kind === 'deliver' && e.from === 0)).toBe(false);
    });

    test('a trigger on a client reply crashes the node right after it answers: the answer still reaches the client', () => {
      const aimed = [{ armAtTick: 0, trigger: { on: 'reply' as const }, faults: [{ delayTicks: 0, fault: { kind: 'crash' as const, node: -1 } }] }];
      const workload = [{ atTick: 20, client: 0, op: { kind: 'count' as const } }];
      const world = new World<PingProtocol>({ ...config, baselineNetwork: calm }, pingLogic, 3, [], workload, { record: true }, aimed);
      while (world.step(400) !== null);
      expect(world.events.find((e) => e.kind === 'trigger')).toMatchObject({ node: 0, on: 'reply' });
      expect(world.status(0)).toBe('down');
      expect(world.events.some((e) => e.kind === 'reply' && e.reply.kind === 'result')).toBe(true);
    });

    test('a trigger on a reply of one kind waits for that kind: a redirect does not set off one waiting for a result', () => {
      // Client 1 asks node 1 first, which redirects it to node 0, which answers.
      const workload = [{ atTick: 20, client: 1, op: { kind: 'count' as const } }];
      const aimedOn = (msgKind: string) => [{ armAtTick: 0, trigger: { on: 'reply' as const, msgKind }, faults: [{ delayTicks: 5, fault: { kind: 'pause' as const, node: -1, durationTicks: 1 } }] }];
      const triggerOf = (msgKind: string) => {
        const world = new World<PingProtocol>({ ...config, baselineNetwork: calm }, pingLogic, 3, [], workload, { record: true }, aimedOn(msgKind));
        while (world.step(400) !== null);
        return world.events.filter((e) => e.kind === 'trigger');
      };
      expect(triggerOf('result')).toEqual([expect.objectContaining({ node: 0, on: 'reply', msgKind: 'result' })]);
      expect(triggerOf('redirect')).toEqual([expect.objectContaining({ node: 1, on: 'reply', msgKind: 'redirect' })]);
    });

    test("node -2 of a link of a chain is the node that set off the link before: each link restarts the node the previous one crashed", () => {
      const crash = { delayTicks: 0, fault: { kind: 'crash' as const, node: -1 } };
      const restartPrevious = { delayTicks: 0, fault: { kind: 'restart' as const, node: -2 } };
      const aimed = [
        { armAtTick: 50, trigger: { node: 1, on: 'append' as const }, faults: [crash] },
        { armAtTick: 20, afterPrevious: true, trigger: { node: 2, on: 'append' as const }, faults: [crash, restartPrevious, { delayTicks: 5, fault: { kind: 'restart' as const, node: -1 } }] },
        // The same node setting off two links in a row names no other node: nothing is restarted.
        { armAtTick: 20, afterPrevious: true, trigger: { node: 2, on: 'append' as const }, faults: [crash, restartPrevious] },
      ];
      const world = new World<PingProtocol>({ ...config, baselineNetwork: calm }, pingLogic, 3, [], [], { record: true }, aimed);
      while (world.step(config.faultPhaseTicks - 1) !== null);
      const faults = world.events.flatMap((e) => (e.kind === 'fault' ? [{ tick: e.tick, ...e.fault }] : []));
      expect(faults.map(({ tick: _tick, ...fault }) => fault)).toEqual([
        { kind: 'crash', node: 1 },
        { kind: 'crash', node: 2 },
        { kind: 'restart', node: 1 },
        { kind: 'restart', node: 2 },
        { kind: 'crash', node: 2 },
      ]);
      expect(faults[2]!.tick).toBe(faults[1]!.tick);
      expect(world.status(1)).toBe('up');
      expect(world.status(2)).toBe('down');
    });

    test('harm that would fall after the fault phase is dropped; repairs still happen', () => {
      const aimed = [
        { armAtTick: 480, trigger: { node: 1, on: 'persist' as const }, faults: [{ delayTicks: 100, fault: { kind: 'crash' as const, node: 2 } }] },
        { armAtTick: 480, trigger: { node: 1, on: 'persist' as const }, faults: [{ delayTicks: 0, fault: { kind: 'partition' as const, partition: { kind: 'isolate' as const, node: 0 } } }, { delayTicks: 300, fault: { kind: 'heal-partition' as const } }] },
      ];
      const world = new World<PingProtocol>({ ...config, baselineNetwork: calm }, pingLogic, 3, [], [], { record: true }, aimed);
      while (world.step(1_000) !== null);
      const faults = world.events.flatMap((e) => (e.kind === 'fault' ? [e.fault.kind] : []));
      expect(faults).toEqual(['partition', 'heal-partition']);
      expect(world.status(2)).toBe('up');
    });
  });
});
