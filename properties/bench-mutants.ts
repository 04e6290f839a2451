import { MUTANTS, type Mutant } from '../impl/mutants.js';
import { runGate } from './check-gate.js';
import { removalUnits } from './removal-units.js';
import type { GateFailure } from './shrink-failure.js';

export interface MutantBenchRow {
  readonly mutant: string;
  readonly caughtAs: readonly string[];
  readonly seeds: number;
  readonly caught: number;
  /** Seconds from the start until the first run that broke an expected property, before shrinking: median over the seeds that caught it. */
  readonly medianSeconds: number | null;
  readonly maxSeconds: number | null;
  readonly medianRuns: number | null;
  /** Size of the shrunk counterexample (faults with their repairs, aimed faults, client operations), median over the seeds that caught it. */
  readonly medianShrunkSteps: number | null;
  readonly maxShrunkSteps: number | null;
}

/** How big a shrunk counterexample is: its faults (each with its repair), aimed faults and client operations, the units 1-minimality counts. */
export function counterexampleSteps(failure: GateFailure): number {
  return removalUnits(failure.runCase).length;
}

const median = (values: readonly number[]) => (values.length === 0 ? null : [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!);

/**
 * How quickly the gate catches each mutant: one gate per seed (1 … seeds),
 * each with the given budget. `onCaught` sees every failure that broke an
 * expected property, so a caller can keep its shrunk trace.
 */
export async function benchMutants(options: {
  seeds: number;
  budgetSeconds: number;
  only?: readonly string[] | undefined;
  onCaught?: ((mutant: Mutant, seed: number, failure: GateFailure) => void) | undefined;
}): Promise<MutantBenchRow[]> {
  const chosen = options.only === undefined ? MUTANTS : MUTANTS.filter((mutant) => options.only!.includes(mutant.name));
  const rows: MutantBenchRow[] = [];
  for (const mutant of chosen) {
    const times: number[] = [];
    const runs: number[] = [];
    const sizes: number[] = [];
    for (let seed = 1; seed <= options.seeds; seed++) {
      const result = await runGate({ cluster: mutant.cluster, mutant: mutant.name, runs: undefined, timeBudgetMs: options.budgetSeconds * 1000, seed });
      const failure = result.failure;
      if (failure === null || result.firstFailureMs === null || !mutant.caughtAs.includes(failure.property)) continue;
      times.push(result.firstFailureMs / 1000);
      runs.push(result.runs);
      sizes.push(counterexampleSteps(failure));
      options.onCaught?.(mutant, seed, failure);
    }
    rows.push({
      mutant: mutant.name,
      caughtAs: mutant.caughtAs,
      seeds: options.seeds,
      caught: times.length,
      medianSeconds: median(times),
      maxSeconds: times.length === 0 ? null : Math.max(...times),
      medianRuns: median(runs),
      medianShrunkSteps: median(sizes),
      maxShrunkSteps: sizes.length === 0 ? null : Math.max(...sizes),
    });
  }
  return rows;
}
