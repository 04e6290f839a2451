import { isCaughtAs, MUTANTS, type Mutant } from '../impl/mutants.js';
import { runGate, type GateFailure } from './check-gate.js';

export interface MutantBenchRow {
  readonly mutant: string;
  readonly caughtAs: readonly string[];
  readonly seeds: number;
  readonly caught: number;
  /** Seconds from the start until the first run that broke an expected property, before shrinking: median over the seeds that caught it. */
  readonly medianSeconds: number | null;
  readonly maxSeconds: number | null;
  readonly medianRuns: number | null;
  /** Steps of the shrunk counterexample (scheduled and aimed faults plus client operations), median over the seeds that caught it. */
  readonly medianShrunkSteps: number | null;
  readonly maxShrunkSteps: number | null;
}

/** How many steps a shrunk counterexample has: every fault it schedules or aims, and every client operation. */
export function counterexampleSteps(failure: GateFailure): number {
  const { runCase } = failure;
  return runCase.schedule.length + runCase.aimed.reduce((sum, aimed) => sum + aimed.faults.length, 0) + runCase.workload.length;
}

const median = (values: readonly number[]) => (values.length === 0 ? null : [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!);

/**
 * How quickly the gate catches each mutant: one gate per seed (1 … seeds),
 * each with the given budget. `onCaught` sees every failure that broke an
 * expected property, so a caller can keep its shrunk trace.
 */
export function benchMutants(options: {
  seeds: number;
  budgetSeconds: number;
  only?: readonly string[] | undefined;
  onCaught?: ((mutant: Mutant, seed: number, failure: GateFailure) => void) | undefined;
}): MutantBenchRow[] {
  const chosen = options.only === undefined ? MUTANTS : MUTANTS.filter((mutant) => options.only!.includes(mutant.name));
  return chosen.map((mutant) => {
    const times: number[] = [];
    const runs: number[] = [];
    const sizes: number[] = [];
    for (let seed = 1; seed <= options.seeds; seed++) {
      const result = runGate({ cluster: mutant.cluster, mutant: mutant.name, runs: undefined, timeBudgetMs: options.budgetSeconds * 1000, seed });
      const failure = result.failure;
      if (failure === null || result.firstFailureMs === null || !failure.outcome.violations.some((v) => isCaughtAs(mutant, v.property))) continue;
      times.push(result.firstFailureMs / 1000);
      runs.push(result.runs);
      sizes.push(counterexampleSteps(failure));
      options.onCaught?.(mutant, seed, failure);
    }
    return {
      mutant: mutant.name,
      caughtAs: mutant.caughtAs,
      seeds: options.seeds,
      caught: times.length,
      medianSeconds: median(times),
      maxSeconds: times.length === 0 ? null : Math.max(...times),
      medianRuns: median(runs),
      medianShrunkSteps: median(sizes),
      maxShrunkSteps: sizes.length === 0 ? null : Math.max(...sizes),
    };
  });
}
