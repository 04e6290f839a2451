import { quantile } from '../../model/quantile.js';
import { normalizeReplacement, type EquivalentMutant } from './equivalent-mutants.js';

/** The fields of Stryker's JSON report (mutation-testing-report-schema) the summary reads. */
export interface ReportMutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly location: { readonly start: { readonly line: number; readonly column: number } };
  readonly status: 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';
  readonly statusReason?: string;
  readonly duration?: number;
  readonly static?: boolean;
}
export interface MutationReport {
  readonly files: Readonly<Record<string, { readonly mutants: readonly ReportMutant[] }>>;
}

/** Where a mutated file is counted: the node logic of each cluster, and the scheduler laws the check applies. */
export function mutationGroup(file: string): string {
  if (file.startsWith('impl/single-leader/')) return 'impl/single-leader';
  if (file.startsWith('impl/leaderless/')) return 'impl/leaderless';
  return 'scheduler laws';
}

export interface GroupScore {
  readonly group: string;
  killed: number;
  timedOut: number;
  survived: number;
  noCoverage: number;
  /** Survivors listed as equivalent. */
  equivalent: number;
  /** Runs the test runner could not finish (Stryker's RuntimeError, CompileError): neither killed nor survived. */
  errors: number;
  /** Mutants the ignorers set aside (planted-bug switches, message text): not counted in the score. */
  ignored: number;
}

/** Killed (or timed out) over the mutants that are not equivalent; null when there are none. */
export function mutationScore(score: GroupScore): number | null {
  const detected = score.killed + score.timedOut;
  const counted = detected + score.survived + score.noCoverage - score.equivalent;
  return counted === 0 ? null : detected / counted;
}

export interface LocatedMutant extends ReportMutant {
  readonly file: string;
}

export interface MutationSummary {
  readonly groups: readonly GroupScore[];
  readonly total: GroupScore;
  /** Median of the killed mutants' time to die (the runner's net time), in milliseconds; null when none was killed. */
  readonly medianKillMs: number | null;
  /** Median of the killed mutants' runs to die (the run that failed included); null when none was killed. */
  readonly medianKillRuns: number | null;
  /** Survivors (or mutants no test reached) that the equivalence list does not explain: each one is a defect. */
  readonly unexplained: readonly LocatedMutant[];
  /** Entries of the equivalence list that match no survivor: killed now, or moved; the list must follow. */
  readonly stale: readonly EquivalentMutant[];
}

const emptyScore = (group: string): GroupScore => ({ group, killed: 0, timedOut: 0, survived: 0, noCoverage: 0, equivalent: 0, errors: 0, ignored: 0 });

function key(file: string, line: number, column: number, mutator: string, replacement: string): string {
  return `${file}:${line}:${column}:${mutator}:${normalizeReplacement(replacement)}`;
}

/** The number of runs a killed mutant's reason ends with (`[after 12 runs]`), as the gate runner writes it. */
export function runsToKill(reason: string | undefined): number | null {
  const match = /\[after (\d+) runs?\]$/.exec(reason ?? '');
  return match === null ? null : Number(match[1]);
}

/**
 * The mutation score per group and in total, with survivors matched against
 * the equivalence list, and the median time and runs a killed mutant took.
 */
export function summarizeMutationReport(report: MutationReport, equivalents: readonly EquivalentMutant[]): MutationSummary {
  // Two mutants of one position, mutator and replacement (a condition and a part of it that start together) share one entry.
  const argued = new Map(equivalents.map((entry) => [key(entry.file, entry.line, entry.column, entry.mutator, entry.replacement), entry]));
  const used = new Set<string>();
  const groups = new Map<string, GroupScore>();
  const killMs: number[] = [];
  const killRuns: number[] = [];
  const unexplained: LocatedMutant[] = [];
  for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    const name = mutationGroup(file);
    const score = groups.get(name) ?? emptyScore(name);
    groups.set(name, score);
    for (const mutant of mutants) {
      switch (mutant.status) {
        case 'Killed':
        case 'Timeout':
          if (mutant.status === 'Killed') score.killed++;
          else score.timedOut++;
          if (mutant.duration !== undefined) killMs.push(mutant.duration);
          if (runsToKill(mutant.statusReason) !== null) killRuns.push(runsToKill(mutant.statusReason)!);
          break;
        case 'Survived':
        case 'NoCoverage': {
          if (mutant.status === 'Survived') score.survived++;
          else score.noCoverage++;
          const found = key(file, mutant.location.start.line, mutant.location.start.column, mutant.mutatorName, mutant.replacement ?? '');
          if (!argued.has(found)) unexplained.push({ ...mutant, file });
          else {
            score.equivalent++;
            used.add(found);
          }
          break;
        }
        case 'Ignored':
          score.ignored++;
          break;
        default:
          score.errors++;
      }
    }
  }
  const ordered = [...groups.values()].sort((a, b) => a.group.localeCompare(b.group));
  const total = emptyScore('total');
  for (const group of ordered) {
    for (const field of ['killed', 'timedOut', 'survived', 'noCoverage', 'equivalent', 'errors', 'ignored'] as const) total[field] += group[field];
  }
  const median = (values: number[]) => quantile(values, 0.5) ?? null;
  return { groups: ordered, total, medianKillMs: median(killMs), medianKillRuns: median(killRuns), unexplained, stale: equivalents.filter((entry) => !used.has(key(entry.file, entry.line, entry.column, entry.mutator, entry.replacement))) };
}
