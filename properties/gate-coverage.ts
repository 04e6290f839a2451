import type { Protocol } from '../impl/world/node-logic.js';
import { builtClusters, clusterCounters, clusterEntry, type ClusterEntry } from './cluster-registry.js';

/** For one cluster: how many runs ran, and per "sometimes" counter how many runs reached it. */
export interface ClusterCoverage {
  runs: number;
  readonly reached: Record<string, number>;
}

/** "Sometimes" counts over the runs of a gate, per cluster (by its name: a built-in kind, or a user's protocol's name). */
export type GateCoverage = Partial<Record<string, ClusterCoverage>>;

/** A run's own counts go into the gate's: a counter counts the run once if the run reached it at all. */
export function addRunCoverage(total: GateCoverage, name: string, run: Readonly<Record<string, number>>): void {
  const cluster = (total[name] ??= { runs: 0, reached: {} });
  cluster.runs++;
  for (const [counter, count] of Object.entries(run)) {
    cluster.reached[counter] = (cluster.reached[counter] ?? 0) + (count > 0 ? 1 : 0);
  }
}

/** Adds the counts of another gate (a shard) into `total`. */
export function mergeCoverage(total: GateCoverage, other: GateCoverage): void {
  for (const [name, cluster] of Object.entries(other) as [string, ClusterCoverage][]) {
    const into = (total[name] ??= { runs: 0, reached: {} });
    into.runs += cluster.runs;
    for (const [counter, runs] of Object.entries(cluster.reached)) into.reached[counter] = (into.reached[counter] ?? 0) + runs;
  }
}

/** The runs counted over every cluster. */
export function coverageRuns(coverage: GateCoverage): number {
  return Object.values(coverage).reduce((sum, cluster) => sum + (cluster?.runs ?? 0), 0);
}

/** The built-in clusters, which the gate's coverage is about unless a caller names others. */
const builtins = (): ClusterEntry<Protocol>[] => builtClusters().map(clusterEntry);

function entryNamed(clusters: readonly ClusterEntry<Protocol>[], name: string): ClusterEntry<Protocol> {
  const entry = clusters.find((cluster) => cluster.name === name);
  if (entry === undefined) throw new RangeError(`coverage of an unknown cluster ${name}`);
  return entry;
}

/**
 * Why a gate that found no violation still proves nothing, or null when its
 * runs count: none finished, some could not be decided, or the runs of some
 * cluster never reached the first interesting state (no leader ever elected,
 * say).
 */
export function inconclusiveReason(coverage: GateCoverage, undecidedRuns = 0, clusters: readonly ClusterEntry<Protocol>[] = builtins()): string | null {
  if (coverageRuns(coverage) === 0) return 'no run finished within the time budget';
  if (undecidedRuns > 0) return `${undecidedRuns} run${undecidedRuns === 1 ? '' : 's'} could not be decided (a checker, such as the linearizability check, timed out), so the gate cannot say they held`;
  const missing = unreachedGoals(coverage, clusters).find((goal) => goal.required);
  return missing === undefined ? null : `${missing.sentence}, so its runs prove nothing`;
}

/** A "sometimes" counter no run of a cluster reached: a goal the gate did not meet. */
export interface UnreachedGoal {
  /** The cluster's name: a built-in kind, or a user's protocol's name. */
  readonly cluster: string;
  readonly counter: string;
  /** "no single-leader run ever replaced conflicting log entries" */
  readonly sentence: string;
  /** The cluster requires it: without it the gate is inconclusive. */
  readonly required: boolean;
}

/**
 * Every counter as a goal: those no run reached, required ones first. A
 * required goal unmet makes the gate inconclusive; the others are reported,
 * so that a gate that never reached a rare state says so rather than passing
 * quietly over it.
 */
export function unreachedGoals(coverage: GateCoverage, clusters: readonly ClusterEntry<Protocol>[] = builtins()): UnreachedGoal[] {
  const goals: UnreachedGoal[] = [];
  for (const [name, cluster] of Object.entries(coverage) as [string, ClusterCoverage][]) {
    const entry = entryNamed(clusters, name);
    const counters = clusterCounters(entry);
    const ordered = [...entry.required.map((id) => counters.find((counter) => counter.id === id) ?? { id, label: id }), ...counters.filter((counter) => !entry.required.includes(counter.id))];
    for (const counter of ordered) {
      if ((cluster.reached[counter.id] ?? 0) > 0) continue;
      goals.push({ cluster: name, counter: counter.id, sentence: `no ${name} run ever ${counter.label}`, required: entry.required.includes(counter.id) });
    }
  }
  return goals.sort((a, b) => Number(b.required) - Number(a.required));
}

/** "12 of 400 runs elected a leader; …", one sentence per cluster. */
export function describeCoverage(coverage: GateCoverage, clusters: readonly ClusterEntry<Protocol>[] = builtins()): string[] {
  return (Object.entries(coverage) as [string, ClusterCoverage][]).map(([name, cluster]) => {
    const parts = clusterCounters(entryNamed(clusters, name)).map((counter) => `${cluster.reached[counter.id] ?? 0} ${counter.label}`);
    return `${name}: ${cluster.runs} runs; ${parts.join('; ')}`;
  });
}
