import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { firstFitScheduler } from '../../impl/schedulers/first-fit-scheduler.js';
import { defineScheduler, type ClusterView } from '../../impl/schedulers/define-scheduler.js';
import { sumResources } from '../../model/resources.js';
import { inProcessSession } from './in-process-session.js';
import { runWorkload } from './run-workload.js';
import { schedulerWorkloadArbitrary, type SchedulerWorkload } from './scheduler-workload.js';

const r = (cpuMillis: number, memoryMiB: number) => ({ cpuMillis, memoryMiB });

describe('running one workload', () => {
  test.prop([schedulerWorkloadArbitrary], { numRuns: 60 })('the view a scheduler gets is consistent: allocated is the sum of the jobs on each node', async (workload) => {
    const views: ClusterView[] = [];
    const spy = defineScheduler({
      name: 'spy',
      place: (input) => {
        views.push(input.cluster);
        return firstFitScheduler.place(input);
      },
    });
    const outcome = await runWorkload(workload, inProcessSession(spy, 100_000));
    expect(outcome.kind).toBe('held');
    for (const view of views) {
      for (const node of view.nodes) {
        const jobs = view.jobs.filter((j) => j.nodeId === node.id);
        expect(sumResources(jobs.map((j) => j.grant))).toEqual(node.allocated);
        if (!node.alive) expect(jobs).toEqual([]);
      }
    }
  });

  test('the jobs of a failed node come back as pending requests under the same ids', async () => {
    const seen: string[][] = [];
    const recorder = defineScheduler({
      name: 'recorder',
      place: (input) => {
        seen.push(input.pending.map((p) => p.id));
        return firstFitScheduler.place(input);
      },
    });
    const workload: SchedulerWorkload = {
      nodes: [r(1000, 1024), r(1000, 1024)],
      events: [
        { kind: 'submit', requests: [{ tenant: 'a', demand: r(100, 100) }] },
        { kind: 'fail-node', pick: 0 },
      ],
    };
    await runWorkload(workload, inProcessSession(recorder, 1000));
    // Each round is called twice (the determinism check), hence the pairs.
    expect(seen).toEqual([['r1'], ['r1'], ['r1'], ['r1']]);
  });

  test('a scheduler that keeps state between calls is reported as not deterministic', async () => {
    let calls = 0;
    const impure = defineScheduler({
      name: 'impure',
      place: ({ pending }) => {
        calls += 1;
        return calls % 2 === 0 ? [] : pending.map((p) => ({ kind: 'reject' as const, requestId: p.id }));
      },
    });
    const outcome = await runWorkload({ nodes: [r(1000, 1024)], events: [{ kind: 'submit', requests: [{ tenant: 'a', demand: r(1, 1) }] }] }, inProcessSession(impure, 1000));
    expect(outcome).toMatchObject({ kind: 'violated', violation: { property: 'termination', message: expect.stringMatching(/not deterministic/) } });
  });

  test('a scheduler that returns a Promise is reported as termination: scheduler functions are synchronous', async () => {
    const asyncScheduler = defineScheduler({
      name: 'async',
      place: (async () => []) as unknown as () => [],
    });
    const outcome = await runWorkload({ nodes: [r(1000, 1024)], events: [{ kind: 'submit', requests: [{ tenant: 'a', demand: r(1, 1) }] }] }, inProcessSession(asyncScheduler, 1000));
    expect(outcome).toMatchObject({ kind: 'violated', violation: { property: 'termination', message: expect.stringMatching(/Promise/) } });
  });

  test.each([
    ['a BigInt', () => [{ kind: 'reject', requestId: 'r1', extra: 1n }], /place returned a value that is not plain data: Do not know how to serialize a BigInt/],
    ['a cycle', () => { const decision: Record<string, unknown> = { kind: 'reject', requestId: 'r1' }; decision.self = decision; return [decision]; }, /place returned a value that is not plain data: Converting circular structure to JSON/],
  ])('an answer holding %s, which JSON cannot compare, is reported as termination, not a crash of the harness', async (_what, answer, message) => {
    const odd = defineScheduler({ name: 'odd', place: answer as unknown as () => [] });
    const outcome = await runWorkload({ nodes: [r(1000, 1024)], events: [{ kind: 'submit', requests: [{ tenant: 'a', demand: r(1, 1) }] }] }, inProcessSession(odd, 1000));
    expect(outcome).toMatchObject({ kind: 'violated', violation: { property: 'termination', message: expect.stringMatching(message) } });
  });

  test('a scheduler that mutates its input is stopped by the frozen view', async () => {
    const mutator = defineScheduler({
      name: 'mutator',
      place: ({ cluster }) => {
        (cluster.nodes as unknown as { alive: boolean }[]).forEach((n) => (n.alive = true));
        return [];
      },
    });
    const outcome = await runWorkload({ nodes: [r(1000, 1024)], events: [{ kind: 'submit', requests: [{ tenant: 'a', demand: r(1, 1) }] }] }, inProcessSession(mutator, 1000));
    expect(outcome).toMatchObject({ kind: 'violated', violation: { property: 'termination', message: expect.stringMatching(/threw/) } });
  });

  test.prop([fc.integer({ min: 10, max: 1000 })])('the naive manager rebalance loop ends as termination, bounded by the step budget', async (limit) => {
    const { originNaiveManagerScheduler } = await import('../../impl/schedulers/origin-naive-manager-scheduler.js');
    const workload: SchedulerWorkload = { nodes: [r(1000, 1024), r(1000, 1024)], events: [{ kind: 'submit', requests: [{ tenant: 'a', demand: r(500, 512) }] }] };
    const outcome = await runWorkload(workload, inProcessSession(originNaiveManagerScheduler, limit));
    expect(outcome).toMatchObject({ kind: 'violated', violation: { property: 'termination', message: expect.stringMatching(/rebalance did not return within its step budget/) } });
  });
});
