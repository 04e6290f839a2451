import { describe, expect, test } from 'vitest';
import type { RequestRecord, RunMetrics } from './run-metrics.js';
import { clusterFigures, summarize } from './summarize-comparison.js';

const request = (invokeTick: number, outcome: RequestRecord['outcome'], endTick: number | null, extra: Partial<RequestRecord> = {}): RequestRecord => ({
  kind: 'submit',
  invokeTick,
  outcome,
  endTick,
  output: outcome === 'answered' ? 'placed' : null,
  duringPartition: false,
  whileNodeDown: false,
  afterOfficeCrash: false,
  rejectedWhileFree: false,
  ...extra,
});

const run = (partial: Partial<RunMetrics>): RunMetrics => ({ requests: [], officeCrashes: [], sends: 0, officeSends: 0, answersByNode: [0, 0, 0], partitions: [], nodesCrashed: [], violations: [], ...partial });

describe('clusterFigures', () => {
  const runs = [
    run({
      requests: [
        request(10, 'answered', 20),
        request(30, 'answered', 130, { duringPartition: true }),
        request(40, 'gave-up', 1040, { duringPartition: true }),
        request(3900, 'open', null),
      ],
      officeCrashes: [{ tick: 100, node: 0, recoveredTick: 300 }],
      sends: 1000,
      officeSends: 600,
      answersByNode: [3, 1, 0],
    }),
    run({
      requests: [request(500, 'answered', 505, { afterOfficeCrash: true, output: 'rejected', rejectedWhileFree: true }), request(600, 'gave-up', 1600, { afterOfficeCrash: true, whileNodeDown: true, kind: 'complete' })],
      officeCrashes: [{ tick: 450, node: 2, recoveredTick: null }],
      sends: 3000,
      officeSends: 0,
      answersByNode: [0, 2, 2],
      violations: ['liveness'],
    }),
  ];
  const figures = clusterFigures('leaderless', runs, 4000);

  test('availability counts only requests that ended, with what each share rests on', () => {
    expect(figures.requests).toEqual({ made: 6, answered: 3, gaveUp: 2, openAtEnd: 1 });
    expect(figures.availability.all).toEqual({ answered: 3, requests: 5, share: 0.6 });
    expect(figures.availability.duringPartition).toEqual({ answered: 1, requests: 2, share: 0.5 });
    expect(figures.availability.whileNodeDown).toEqual({ answered: 0, requests: 1, share: 0 });
    expect(figures.availability.afterOfficeCrash).toEqual({ answered: 1, requests: 2, share: 0.5, crashes: 2 });
  });

  test('latency quantiles over answered requests: the median is the upper middle value', () => {
    expect(figures.latencyTicks).toEqual({ count: 3, median: 10, p99: 100 });
  });

  test('rejections, messages, answers, recovery and violations', () => {
    expect(figures.rejections).toEqual({ submits: 5, rejected: 1, whileFree: 1 });
    expect(figures.messages).toEqual({ sent: 4000, perRequest: 4000 / 6, perThousandTicks: 500, officeShare: 0.15 });
    // Per run the busiest node gave 3 of 4 and 2 of 4 results: 5 of 8 pooled.
    expect(figures.busiestNodeAnswerShare).toBe(5 / 8);
    expect(figures.recoveryTicks).toEqual({ count: 1, median: 200, p99: 200, crashes: 2, notRecovered: 1 });
    expect(figures.violations).toEqual({ runs: 1, properties: ['liveness'] });
  });

  test('no requests and no crashes give no shares and no quantiles, never zeros', () => {
    const empty = clusterFigures('single-leader', [run({})], 4000);
    expect(empty.availability.all.share).toBeNull();
    expect(empty.latencyTicks).toEqual({ count: 0, median: null, p99: null });
    expect(empty.recoveryTicks.median).toBeNull();
    expect(empty.messages.perRequest).toBeNull();
  });
});

describe('summarize', () => {
  test('requests are bucketed by the tick they were made at, and faults shaded by the share of cases they were in', () => {
    const first = run({ requests: [request(10, 'answered', 20), request(150, 'gave-up', 1150)], partitions: [{ fromTick: 50, toTick: 120 }], nodesCrashed: [{ fromTick: 0, toTick: 400 }] });
    const second = run({ requests: [request(199, 'answered', 299)] });
    const summary = summarize([{ cluster: 'single-leader', runs: [first, second] }], 400, 100);
    expect(summary.buckets.map((b) => [b.fromTick, b.toTick, b.partitionShare, b.crashedShare])).toEqual([
      [0, 100, 0.5, 0.5],
      [100, 200, 0.5, 0.5],
      [200, 300, 0, 0.5],
      [300, 400, 0, 0.5],
    ]);
    const buckets = summary.series[0]!.buckets;
    expect(buckets.map((b) => b.availability.share)).toEqual([1, 0.5, null, null]);
    expect(buckets.map((b) => b.latencyTicks.median)).toEqual([10, 100, null, null]);
  });
});
