import { describe, expect, test } from 'vitest';
import { homeOf } from '../../impl/leaderless/escrow.js';
import type { ClusterKind } from '../../impl/sim-config.js';
import type { Protocol } from '../../impl/world/node-logic.js';
import type { ScheduledFault } from '../../impl/world/fault.js';
import type { LedgerClientOp } from '../../model/ledger-command.js';
import { resources, type Resources } from '../../model/resources.js';
import { clusterEntry } from '../cluster-registry.js';
import type { ObserverFactory } from '../observer.js';
import { runCase } from '../run-case.js';
import { COMPARED_CLUSTERS, runCaseOf, type CompareCase } from './compare-case.js';
import { measureRun } from './measure-run.js';

const WINDOW = 400;

/** A job id whose home node in the leaderless cluster is `home` (the ids differ by `after`, so that a case can use several). */
function jobHomedAt(home: number, nodeCount: number, after = 0): string {
  for (let index = after + 1; ; index++) if (homeOf(`j${index}`, nodeCount) === home) return `j${index}`;
}

function handBuilt(nodeCount: number, schedule: ScheduledFault[], submits: { atTick: number; client: number; job: string; demand: Resources }[]): CompareCase {
  const world = clusterEntry('single-leader').defaultConfig(nodeCount, []).world;
  const workload = submits.map(({ atTick, client, job, demand }) => ({ atTick, client, op: { kind: 'submit', job, demand, tenant: 'tenant-a', durationTicks: 100 } as LedgerClientOp }));
  return { world, worldSeed: 11, schedule, workload };
}

/** The node serving as leader or coordinator at the first step at or after `tick`, in the case run without faults. */
function officeHolderAt(kind: ClusterKind, compareCase: CompareCase, tick: number): number {
  const office = clusterEntry(kind).office;
  let holder = -1;
  const probe: ObserverFactory<Protocol> = {
    properties: [],
    counters: [],
    create: ({ world }) => ({
      afterStep(info) {
        if (holder >= 0 || info.tick < tick) return;
        for (let node = 0; node < world.config.nodeCount; node++) {
          const state = world.state(node);
          if (state !== undefined && office.holds(state) && world.localNow(node) < office.lease(state).leaseUntilLocal) holder = node;
        }
      },
    }),
  };
  runCase(runCaseOf(kind, compareCase), { record: false, stopAtFirstViolation: false, observers: [probe] });
  return holder;
}

describe('a partition that leaves no majority: node 0 cut off, node 1 down, from tick 500 to 1900 (3 nodes)', () => {
  const small = resources(100, 128);
  const jobs = [0, 1, 2].map((home) => jobHomedAt(home, 3));
  const compareCase = handBuilt(
    3,
    [
      { atTick: 500, fault: { kind: 'partition', partition: { kind: 'isolate', node: 0 } } },
      { atTick: 500, fault: { kind: 'crash', node: 1 } },
      { atTick: 1900, fault: { kind: 'heal-partition' } },
      { atTick: 1900, fault: { kind: 'restart', node: 1 } },
    ],
    jobs.map((job, client) => ({ atTick: 600, client, job, demand: small })),
  );

  test('the single-leader cluster answers none of the requests made during it: no leader can be elected', () => {
    const metrics = measureRun('single-leader', compareCase, WINDOW);
    expect(metrics.violations).toEqual([]);
    expect(metrics.requests).toHaveLength(3);
    for (const request of metrics.requests) {
      expect(request).toMatchObject({ duringPartition: true, whileNodeDown: true, outcome: 'gave-up', endTick: 1600 });
    }
    expect(metrics.partitions).toEqual([{ fromTick: 500, toTick: 1900 }]);
    expect(metrics.nodesCrashed).toEqual([{ fromTick: 500, toTick: 1900 }]);
  });

  test('the leaderless cluster answers the requests whose home node is up, even the one cut off from the others, at once', () => {
    const metrics = measureRun('leaderless', compareCase, WINDOW);
    expect(metrics.violations).toEqual([]);
    const byJob = new Map(metrics.requests.map((request, index) => [jobs[index]!, request]));
    for (const home of [0, 2]) {
      const request = byJob.get(jobs[home]!)!;
      expect(request).toMatchObject({ duringPartition: true, outcome: 'answered', output: 'placed' });
      expect(request.endTick! - request.invokeTick).toBeLessThan(20);
    }
    expect(byJob.get(jobs[1]!)).toMatchObject({ outcome: 'gave-up' });
  });
});

describe.each(COMPARED_CLUSTERS)('a crash of the %s cluster\'s office holder at tick 1000 (5 nodes)', (kind) => {
  const crashTick = 1000;
  const base = handBuilt(5, [], []);
  const holder = officeHolderAt(kind, base, crashTick);
  const bystander = (holder + 1) % 5;
  const early = jobHomedAt(bystander, 5);
  const late = jobHomedAt(bystander, 5, Number(early.slice(1)));
  const compareCase = handBuilt(
    5,
    [
      { atTick: crashTick, fault: { kind: 'crash', node: holder } },
      { atTick: 1500, fault: { kind: 'restart', node: holder } },
    ],
    [
      { atTick: crashTick + 50, client: bystander % 3, job: early, demand: resources(100, 128) },
      { atTick: crashTick + WINDOW + 50, client: (bystander + 1) % 3, job: late, demand: resources(100, 128) },
    ],
  );
  const metrics = measureRun(kind, compareCase, WINDOW);

  test('the crash is seen, and some node serves again after an election', () => {
    expect(holder).toBeGreaterThanOrEqual(0);
    expect(metrics.violations).toEqual([]);
    expect(metrics.officeCrashes).toHaveLength(1);
    const crash = metrics.officeCrashes[0]!;
    expect(crash).toMatchObject({ tick: crashTick, node: holder });
    // No node may vote for a minimum election timeout after its last acknowledgement, so recovery takes longer than that.
    expect(crash.recoveredTick! - crashTick).toBeGreaterThan(80);
    expect(crash.recoveredTick! - crashTick).toBeLessThan(1000);
  });

  test('a request made within the window counts as made after the crash, a later one does not', () => {
    expect(metrics.requests.map((request) => request.afterOfficeCrash)).toEqual([true, false]);
    expect(metrics.requests.every((request) => request.outcome === 'answered')).toBe(true);
  });

  test(kind === 'single-leader' ? 'the request made after the crash waits for the new leader' : 'the request made after the crash is answered at once: its home node is up', () => {
    const request = metrics.requests[0]!;
    const recovered = metrics.officeCrashes[0]!.recoveredTick!;
    if (kind === 'single-leader') expect(request.endTick!).toBeGreaterThanOrEqual(recovered);
    else expect(request.endTick! - request.invokeTick).toBeLessThan(20);
  });
});

describe('capacity in another node\'s share while the home node is cut off (3 nodes)', () => {
  // Job homed at node 1, whose host has 2000m: the demand fits host 0 or 2, which node 1 holds no share of.
  const job = jobHomedAt(1, 3);
  const compareCase = handBuilt(
    3,
    [
      { atTick: 0, fault: { kind: 'partition', partition: { kind: 'isolate', node: 1 } } },
      { atTick: 1900, fault: { kind: 'heal-partition' } },
    ],
    [{ atTick: 300, client: 1, job, demand: resources(3000, 1024) }],
  );

  test('the leaderless cluster rejects the submit after holding it, while hosts 0 and 2 were certainly free', () => {
    const metrics = measureRun('leaderless', compareCase, WINDOW);
    expect(metrics.requests[0]).toMatchObject({ outcome: 'answered', output: 'rejected', rejectedWhileFree: true });
    // It held the submit for its hold time (500 ticks of its clock, which runs within 10% of true time).
    expect(metrics.requests[0]!.endTick! - 300).toBeGreaterThanOrEqual(450);
  });

  test('the single-leader cluster places it', () => {
    const metrics = measureRun('single-leader', compareCase, WINDOW);
    expect(metrics.requests[0]).toMatchObject({ outcome: 'answered', output: 'placed', rejectedWhileFree: false });
  });
});
