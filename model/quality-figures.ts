import { dominantShare, RESOURCE_DIMENSIONS, sumResources, type Resources } from './resources.js';

/**
 * How well a scheduler balanced and shared the cluster, averaged over the
 * snapshots of one or more workload runs. Every figure is a fraction in
 * [0, 1] so that figures from different workloads can be averaged.
 */
export interface QualityFigures {
  /** Allocated over capacity of the live nodes, averaged over dimensions. */
  readonly utilization: number;
  /** The most loaded live node's dominant share of its own capacity. */
  readonly maxNodeLoad: number;
  /** The least loaded live node's dominant share of its own capacity. */
  readonly minNodeLoad: number;
  /** Jain's index over tenants' satisfied fraction of demand; 1 is perfectly fair. */
  readonly jainFairness: number;
  /** Highest minus lowest dominant share among tenants that hold or await resources. */
  readonly dominantShareSpread: number;
  /** Requests that never received a grant, over requests submitted. */
  readonly rejectionRate: number;
}

/** One look at the cluster between two events of a workload. */
export interface QualitySnapshot {
  readonly liveNodes: readonly { readonly capacity: Resources; readonly allocated: Resources }[];
  /** Dominant share of the live capacity held by each tenant with demand. */
  readonly tenantDominantShares: readonly number[];
}

/** What a whole workload run adds up to, besides its snapshots. */
export interface QualityRunTotals {
  readonly snapshots: readonly QualitySnapshot[];
  readonly requestsSubmitted: number;
  readonly requestsNeverGranted: number;
  /** Per tenant: dominant-share-weighted grants over dominant-share-weighted demands. */
  readonly tenantSatisfaction: readonly number[];
}

/**
 * Jain's fairness index (Σx)²/(n·Σx²): 1 when all values are equal, 1/n when
 * one value takes everything. No values, or all zero, count as fair.
 */
export function jainFairnessIndex(values: readonly number[]): number {
  const sum = values.reduce((a, b) => a + b, 0);
  const squares = values.reduce((a, b) => a + b * b, 0);
  return squares === 0 ? 1 : (sum * sum) / (values.length * squares);
}

function mean(values: readonly number[], empty: number): number {
  return values.length === 0 ? empty : values.reduce((a, b) => a + b, 0) / values.length;
}

function snapshotFigures(snapshot: QualitySnapshot): { utilization: number; maxLoad: number; minLoad: number; spread: number } {
  const capacity = sumResources(snapshot.liveNodes.map((n) => n.capacity));
  const allocated = sumResources(snapshot.liveNodes.map((n) => n.allocated));
  const utilization = mean(
    RESOURCE_DIMENSIONS.filter((d) => capacity[d] > 0).map((d) => allocated[d] / capacity[d]),
    0,
  );
  const loads = snapshot.liveNodes.map((n) => dominantShare(n.allocated, n.capacity));
  const shares = snapshot.tenantDominantShares;
  return {
    utilization,
    maxLoad: loads.length === 0 ? 0 : Math.max(...loads),
    minLoad: loads.length === 0 ? 0 : Math.min(...loads),
    spread: shares.length === 0 ? 0 : Math.max(...shares) - Math.min(...shares),
  };
}

/** The figures of one run: snapshot figures averaged over its snapshots. */
export function runQualityFigures(run: QualityRunTotals): QualityFigures {
  const figures = run.snapshots.map(snapshotFigures);
  return {
    utilization: mean(figures.map((f) => f.utilization), 0),
    maxNodeLoad: mean(figures.map((f) => f.maxLoad), 0),
    minNodeLoad: mean(figures.map((f) => f.minLoad), 0),
    jainFairness: jainFairnessIndex(run.tenantSatisfaction),
    dominantShareSpread: mean(figures.map((f) => f.spread), 0),
    rejectionRate: run.requestsSubmitted === 0 ? 0 : run.requestsNeverGranted / run.requestsSubmitted,
  };
}

/** The mean of several runs' figures, each run weighing the same. */
export function meanQualityFigures(runs: readonly QualityFigures[]): QualityFigures {
  const pick = (f: (q: QualityFigures) => number, empty: number) => mean(runs.map(f), empty);
  return {
    utilization: pick((q) => q.utilization, 0),
    maxNodeLoad: pick((q) => q.maxNodeLoad, 0),
    minNodeLoad: pick((q) => q.minNodeLoad, 0),
    jainFairness: pick((q) => q.jainFairness, 1),
    dominantShareSpread: pick((q) => q.dominantShareSpread, 0),
    rejectionRate: pick((q) => q.rejectionRate, 0),
  };
}
