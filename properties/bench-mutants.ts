import { MUTANTS } from '../impl/mutants.js';
import { runGate } from './check-gate.js';

export interface MutantBenchRow {
  readonly mutant: string;
  readonly caughtAs: readonly string[];
  readonly seeds: number;
  readonly caught: number;
  /** Seconds from start until a violation of the expected property was found and shrunk, median over the seeds that caught it. */
  readonly medianSeconds: number | null;
  readonly maxSeconds: number | null;
  readonly medianRuns: number | null;
}

/** How quickly the gate catches each mutant: one gate per seed, each with the given budget. */
export function benchMutants(options: { seeds: number; budgetSeconds: number }): MutantBenchRow[] {
  return MUTANTS.map((mutant) => {
    const times: number[] = [];
    const runs: number[] = [];
    for (let seed = 1; seed <= options.seeds; seed++) {
      const started = performance.now();
      const result = runGate({ cluster: mutant.cluster, mutant: mutant.name, runs: undefined, timeBudgetMs: options.budgetSeconds * 1000, seed });
      const seconds = (performance.now() - started) / 1000;
      if (result.failure?.outcome.violations.some((v) => mutant.caughtAs.includes(v.property))) {
        times.push(seconds);
        runs.push(result.runs);
      }
    }
    const median = (values: number[]) => (values.length === 0 ? null : [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!);
    return {
      mutant: mutant.name,
      caughtAs: mutant.caughtAs,
      seeds: options.seeds,
      caught: times.length,
      medianSeconds: median(times),
      maxSeconds: times.length === 0 ? null : Math.max(...times),
      medianRuns: median(runs),
    };
  });
}
