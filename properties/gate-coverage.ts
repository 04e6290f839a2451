import type { ElectionCoverage } from './election-observer.js';

/** "Sometimes" counts over the runs of a gate: how many runs reached each interesting state. */
export interface GateCoverage {
  runsWithLeader: number;
  runsWithTwoOrMoreTerms: number;
  runsWithHealedPartition: number;
}

export function emptyCoverage(): GateCoverage {
  return { runsWithLeader: 0, runsWithTwoOrMoreTerms: 0, runsWithHealedPartition: 0 };
}

export function addCoverage(total: GateCoverage, run: ElectionCoverage): void {
  if (run.leaderElected) total.runsWithLeader++;
  if (run.termsWithLeader >= 2) total.runsWithTwoOrMoreTerms++;
  if (run.partitionHealed) total.runsWithHealedPartition++;
}

export function addCoverageCounts(total: GateCoverage, other: GateCoverage): void {
  total.runsWithLeader += other.runsWithLeader;
  total.runsWithTwoOrMoreTerms += other.runsWithTwoOrMoreTerms;
  total.runsWithHealedPartition += other.runsWithHealedPartition;
}

/**
 * Why a gate that found no violation still proves nothing, or null when its
 * runs count: none finished, or none reached the first interesting state.
 */
export function inconclusiveReason(runs: number, coverage: GateCoverage): string | null {
  if (runs === 0) return 'no run finished within the time budget';
  if (coverage.runsWithLeader === 0) return 'no run ever elected a leader, so the runs prove nothing';
  return null;
}
