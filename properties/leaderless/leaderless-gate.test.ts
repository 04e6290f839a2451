import { describe, expect, test } from 'vitest';
import { defaultLeaderlessConfig } from '../../impl/leaderless/default-config.js';
import { homeOf } from '../../impl/leaderless/escrow.js';
import { resources } from '../../model/resources.js';
import { runGate } from '../check-gate.js';
import { runCase } from '../run-case.js';

describe('the gate on the correct leaderless cluster', () => {
  test('every property holds over generated fault schedules and workloads, and the runs reach the interesting states', async () => {
    const result = await runGate({ cluster: 'leaderless', mutant: null, runs: 300, timeBudgetMs: 120_000, seed: 2024 });
    expect(result.result).toBe('pass');
    expect(result.runs).toBe(300);
    expect(result.undecided).toBe(0);
    const reached = result.coverage['leaderless']!.reached;
    expect(reached['coordinator-elected']).toBe(300);
    for (const counter of ['coordinator-changed', 'transfer-applied', 'suspicion-refuted', 'member-declared-dead', 'waiting-granted', 'job-placed', 'job-rejected', 'job-completed', 'outcome-unknown']) {
      expect(reached[counter], counter).toBeGreaterThan(0);
    }
  });
});

/** The first `count` job ids whose home is node 0 of three. */
function jobsHomedAtNode0(count: number): string[] {
  return Array.from({ length: 100 }, (_, index) => `j${index + 1}`).filter((job) => homeOf(job, 3) === 0).slice(0, count);
}

const submit = (atTick: number, client: number, job: string, cpuMillis: number, durationTicks = 5000) => ({
  atTick,
  client,
  op: { kind: 'submit' as const, job, demand: resources(cpuMillis, 100), tenant: 'a', durationTicks },
});

describe('the leaderless escrow', () => {
  test('a submit that does not fit its home node waits, and capacity moved by the coordinator from another node places it', () => {
    const config = defaultLeaderlessConfig(3, []);
    const [first, second] = jobsHomedAtNode0(2);
    const workload = [submit(300, 0, first!, 4000), submit(400, 1, second!, 1000)];
    const outcome = runCase({ config, worldSeed: 5, schedule: [], aimed: [], workload }, { record: false, stopAtFirstViolation: false });
    expect(outcome.violations).toEqual([]);
    expect(outcome.history.map((call) => (call.output as { kind: string } | undefined)?.kind)).toEqual(['placed', 'placed']);
    // The second job is placed on a host other than its home's own: its capacity came by transfer.
    expect(outcome.history[1]!.output).not.toMatchObject({ node: 'n0' });
    expect(outcome.coverage['transfer-applied']).toBeGreaterThan(0);
    expect(outcome.coverage['waiting-granted']).toBe(1);
  });

  test('a demand that fits no host is rejected at once; one that could fit but finds every host full waits out the hold time first', () => {
    const config = defaultLeaderlessConfig(3, []);
    const hold = config.cluster.kind === 'leaderless' ? config.cluster.timing.holdTicks : 0;
    const [a, b, c, d, e] = jobsHomedAtNode0(5);
    // Hosts hold 4000m, 2000m and 4000m of cpu: three jobs take all of it, through transfers to node 0.
    const workload = [submit(100, 0, a!, 9000), submit(300, 0, b!, 4000), submit(400, 1, c!, 4000), submit(1000, 2, d!, 2000), submit(1600, 0, e!, 100)];
    const outcome = runCase({ config, worldSeed: 5, schedule: [], aimed: [], workload }, { record: false, stopAtFirstViolation: false });
    expect(outcome.violations).toEqual([]);
    const [tooBig, ...rest] = outcome.history;
    expect((tooBig!.output as { kind: string }).kind).toBe('rejected');
    expect(tooBig!.return! - tooBig!.call).toBeLessThan(50);
    expect(rest.map((call) => (call.output as { kind: string } | undefined)?.kind)).toEqual(['placed', 'placed', 'placed', 'rejected']);
    const waited = rest[3]!;
    // The hold time is on the node's clock, which may run up to 10% fast.
    expect(waited.return! - waited.call).toBeGreaterThanOrEqual(hold * 0.9);
  });
});

/**
 * `check --seed 11` found this run, with no faults: the coordinator ordered
 * capacity for j4 from node 0's share of host 0, node 0 had granted it to its
 * own submits while the order was on the way, and the coordinator ordered
 * again only after half the hold time, from the same stale report; j4 was
 * rejected while node 2 held a whole host. A member that cannot give now
 * says so with its load (`give-refused`), and the want is ordered again at
 * the next heartbeat.
 */
describe('a want whose first donor granted the capacity away meanwhile', () => {
  test('is still placed, from another member, once the first refuses', () => {
    const base = defaultLeaderlessConfig(3, []);
    const config = base.cluster.kind === 'leaderless' ? { ...base, cluster: { ...base.cluster, timing: { ...base.cluster.timing, transferRetryTicks: 10 } } } : base;
    const submit = (atTick: number, client: number, job: string, cpuMillis: number, durationTicks: number, memoryMiB: number, tenant: string) => ({
      atTick,
      client,
      op: { kind: 'submit' as const, job, demand: resources(cpuMillis, memoryMiB), tenant, durationTicks },
    });
    const workload = [
    submit(0, 0, 'j1', 100, 30, 128, 'tenant-a'),
    submit(0, 0, 'j2', 100, 30, 128, 'tenant-a'),
    submit(0, 0, 'j3', 100, 30, 128, 'tenant-a'),
    submit(2074, 1, 'j4', 2001, 316, 1025, 'tenant-c'),
    submit(2074, 2, 'j5', 1000, 321, 1023, 'tenant-b'),
    submit(2090, 2, 'j6', 99, 135, 257, 'tenant-b'),
    submit(2106, 2, 'j7', 3498, 37, 128, 'tenant-a'),
    submit(2337, 2, 'j8', 999, 195, 2048, 'tenant-a'),
    submit(2338, 2, 'j9', 2001, 231, 127, 'tenant-a'),
    submit(2350, 0, 'j10', 100, 327, 1024, 'tenant-a'),
    ];
    const outcome = runCase({ config, worldSeed: 508520739, schedule: [], aimed: [], workload }, { record: false, stopAtFirstViolation: false });
    expect(outcome.violations).toEqual([]);
    // j4 (2001m) fits only host 0 or host 2; host 0's holder granted its capacity to its own submits twice while the order for j4 was on the way.
    const j4 = outcome.history.find((call) => (call.op as { job?: string }).job === 'j4');
    expect((j4?.output as { kind?: string } | undefined)?.kind).toBe('placed');
  });
});
