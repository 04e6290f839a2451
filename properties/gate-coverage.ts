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
