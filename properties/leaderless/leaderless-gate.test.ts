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
