import { addRunCoverage, type GateCoverage } from './gate-coverage.js';
import { endsSearch, type GateRunRecord } from './gate-run.js';

/** What a gate's runs add up to, counted over the runs up to the first that ended the search. */
export interface GateTallySummary {
  readonly runs: number;
  readonly undecided: number;
  readonly coverage: GateCoverage;
  /** The lowest-numbered run that broke a property or was nondeterministic; null when none did. */
  readonly stop: GateRunRecord | null;
}

/**
 * Adds up the runs of a gate as they come, in any order (threads finish
 * runs out of order). The verdict counts only runs numbered up to the first
 * run that ended the search, so it depends on the seed and the runs, never on
 * how many threads ran them or which finished first.
 */
export class GateTally {
  private readonly records: GateRunRecord[] = [];
  private first: GateRunRecord | null = null;
  /** Coverage over every run added so far, for progress reports. */
  readonly progressCoverage: GateCoverage = {};

  add(record: GateRunRecord): void {
    this.records.push(record);
    addRunCoverage(this.progressCoverage, record.cluster, record.coverage);
    if (endsSearch(record) && (this.first === null || record.index < this.first.index)) this.first = record;
  }

  get count(): number {
    return this.records.length;
  }

  /** The lowest-numbered run so far that ended the search. */
  get stop(): GateRunRecord | null {
    return this.first;
  }

  summary(): GateTallySummary {
    const stop = this.first;
    const counted = this.records.filter((record) => stop === null || record.index <= stop.index).sort((a, b) => a.index - b.index);
    const coverage: GateCoverage = {};
    for (const record of counted) addRunCoverage(coverage, record.cluster, record.coverage);
    return { runs: counted.length, undecided: counted.filter((record) => record.verdict === 'undecided').length, coverage, stop };
  }
}
