import type { ClusterKind } from '../../impl/sim-config.js';
import { quantile } from '../../model/quantile.js';
import type { RequestRecord, RunMetrics, TickSpan } from './run-metrics.js';

/** Requests answered out of those that ended (answered, or given up on); null share when none ended. */
export interface AnsweredShare {
  readonly answered: number;
  readonly requests: number;
  readonly share: number | null;
}

/** Quantiles of a sample, with its size; null when the sample is empty. */
export interface TickQuantiles {
  readonly count: number;
  readonly median: number | null;
  readonly p99: number | null;
}

/** Every figure of one cluster over all its runs, each with what it rests on. */
export interface ClusterFigures {
  readonly cluster: ClusterKind;
  readonly runs: number;
  readonly requests: {
    /** Requests the workload clients made (node agents' requests are not counted). */
    readonly made: number;
    readonly answered: number;
    readonly gaveUp: number;
    /** Still waiting when the run ended: in no share below. */
    readonly openAtEnd: number;
  };
  readonly availability: {
    readonly all: AnsweredShare;
    readonly duringPartition: AnsweredShare;
    /** Requests made while some node was down (crashed) or gone (left). */
    readonly whileNodeDown: AnsweredShare;
    /** Requests made within the crash window after the office holder crashed, and how many such crashes there were. */
    readonly afterOfficeCrash: AnsweredShare & { readonly crashes: number };
  };
  /** From invocation to result, over the answered requests. */
  readonly latencyTicks: TickQuantiles;
  readonly rejections: {
    readonly submits: number;
    readonly rejected: number;
    /** Rejected while the demand fit in what some host certainly had free, all through the request. */
    readonly whileFree: number;
  };
  readonly messages: {
    /** Node-to-node messages sent, over all runs. */
    readonly sent: number;
    /** Sent per request the workload clients made. */
    readonly perRequest: number | null;
    /** Sent per 1,000 ticks of a run, whatever the clients did. */
    readonly perThousandTicks: number;
    /** The share sent by or to the node serving as leader or coordinator at the time. */
    readonly officeShare: number | null;
  };
  /** The share of all results (clients' and agents') that the node giving the most gave, per run, pooled. */
  readonly busiestNodeAnswerShare: number | null;
  /** Ticks from a crash of the office holder until some node serves again. */
  readonly recoveryTicks: TickQuantiles & { readonly crashes: number; readonly notRecovered: number };
  readonly violations: { readonly runs: number; readonly properties: readonly string[] };
}

/** One stretch of a run's time, over every case: how often faults were in force in it. */
export interface TimeBucket {
  readonly fromTick: number;
  readonly toTick: number;
  /** The share of cases with a partition in force at some time in the bucket. */
  readonly partitionShare: number;
  /** The share of cases with some node down after a crash at some time in the bucket. */
  readonly crashedShare: number;
}

/** One cluster's requests by when they were made, bucket by bucket. */
export interface ClusterSeries {
  readonly cluster: ClusterKind;
  readonly buckets: readonly { readonly availability: AnsweredShare; readonly latencyTicks: TickQuantiles }[];
}

export interface Summary {
  readonly clusters: readonly ClusterFigures[];
  readonly buckets: readonly TimeBucket[];
  readonly series: readonly ClusterSeries[];
}

function answeredShare(requests: readonly RequestRecord[]): AnsweredShare {
  const ended = requests.filter((request) => request.outcome !== 'open');
  const answered = ended.filter((request) => request.outcome === 'answered').length;
  return { answered, requests: ended.length, share: ended.length === 0 ? null : answered / ended.length };
}

function tickQuantiles(values: readonly number[]): TickQuantiles {
  return { count: values.length, median: quantile(values, 0.5) ?? null, p99: quantile(values, 0.99) ?? null };
}

function latencies(requests: readonly RequestRecord[]): number[] {
  return requests.filter((request) => request.outcome === 'answered').map((request) => request.endTick! - request.invokeTick);
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** The figures of one cluster from the metrics of its runs, `runTicks` long each. */
export function clusterFigures(cluster: ClusterKind, runs: readonly RunMetrics[], runTicks: number): ClusterFigures {
  const requests = runs.flatMap((run) => run.requests);
  const submits = requests.filter((request) => request.kind === 'submit');
  const crashes = runs.flatMap((run) => run.officeCrashes);
  const recovered = crashes.filter((crash) => crash.recoveredTick !== null).map((crash) => crash.recoveredTick! - crash.tick);
  const sent = runs.reduce((sum, run) => sum + run.sends, 0);
  const answers = runs.reduce((sum, run) => sum + run.answersByNode.reduce((a, b) => a + b, 0), 0);
  const broken = runs.filter((run) => run.violations.length > 0);
  return {
    cluster,
    runs: runs.length,
    requests: {
      made: requests.length,
      answered: requests.filter((request) => request.outcome === 'answered').length,
      gaveUp: requests.filter((request) => request.outcome === 'gave-up').length,
      openAtEnd: requests.filter((request) => request.outcome === 'open').length,
    },
    availability: {
      all: answeredShare(requests),
      duringPartition: answeredShare(requests.filter((request) => request.duringPartition)),
      whileNodeDown: answeredShare(requests.filter((request) => request.whileNodeDown)),
      afterOfficeCrash: { ...answeredShare(requests.filter((request) => request.afterOfficeCrash)), crashes: crashes.length },
    },
    latencyTicks: tickQuantiles(latencies(requests)),
    rejections: {
      submits: submits.length,
      rejected: submits.filter((request) => request.output === 'rejected').length,
      whileFree: submits.filter((request) => request.rejectedWhileFree).length,
    },
    messages: {
      sent,
      perRequest: ratio(sent, requests.length),
      perThousandTicks: runs.length === 0 ? 0 : (sent / runs.length / runTicks) * 1000,
      officeShare: ratio(
        runs.reduce((sum, run) => sum + run.officeSends, 0),
        sent,
      ),
    },
    busiestNodeAnswerShare: ratio(
      runs.reduce((sum, run) => sum + Math.max(0, ...run.answersByNode), 0),
      answers,
    ),
    recoveryTicks: { ...tickQuantiles(recovered), crashes: crashes.length, notRecovered: crashes.length - recovered.length },
    violations: { runs: broken.length, properties: [...new Set(broken.flatMap((run) => run.violations))].sort() },
  };
}

const overlaps = (spans: readonly TickSpan[], fromTick: number, toTick: number) => spans.some((span) => span.fromTick < toTick && span.toTick > fromTick);

/**
 * Every cluster's figures, and the time series for the plots: requests
 * bucketed by the tick they were made at, over all runs, and how often
 * faults were in force in each bucket. The fault periods are the same for
 * every cluster (they come from the schedule alone), so the first
 * cluster's runs give them.
 */
export function summarize(runsByCluster: readonly { readonly cluster: ClusterKind; readonly runs: readonly RunMetrics[] }[], runTicks: number, bucketTicks: number): Summary {
  const bucketCount = Math.ceil(runTicks / bucketTicks);
  const spans = Array.from({ length: bucketCount }, (_, index) => ({ fromTick: index * bucketTicks, toTick: Math.min(runTicks, (index + 1) * bucketTicks) }));
  const reference = runsByCluster[0]?.runs ?? [];
  const buckets = spans.map(({ fromTick, toTick }) => ({
    fromTick,
    toTick,
    partitionShare: ratio(reference.filter((run) => overlaps(run.partitions, fromTick, toTick)).length, reference.length) ?? 0,
    crashedShare: ratio(reference.filter((run) => overlaps(run.nodesCrashed, fromTick, toTick)).length, reference.length) ?? 0,
  }));
  const series = runsByCluster.map(({ cluster, runs }) => {
    const byBucket = spans.map((): RequestRecord[] => []);
    for (const run of runs) for (const request of run.requests) byBucket[Math.min(bucketCount - 1, Math.floor(request.invokeTick / bucketTicks))]!.push(request);
    return { cluster, buckets: byBucket.map((requests) => ({ availability: answeredShare(requests), latencyTicks: tickQuantiles(latencies(requests)) })) };
  });
  return { clusters: runsByCluster.map(({ cluster, runs }) => clusterFigures(cluster, runs, runTicks)), buckets, series };
}
