import { addRunCoverage, type GateCoverage } from './gate-coverage.js';
import { endsSearch, type GateRunRecord } from './gate-run.js';
import type { GateShard } from './gate-search.js';

/** What a gate's runs add up to, counted over the runs up to the first that ended the search. */
export interface GateTallySummary {
  readonly runs: number;
  readonly undecided: number;
  readonly coverage: GateCoverage;
  /** The lowest-numbered run that broke a property or was nondeterministic; null when none did. */
  readonly stop: GateRunRecord | null;
}

/**
 * Adds up the runs of a gate as they come, in any order (threads finish runs
 * out of order). The verdict counts the shard's runs in order, up to and
 * including the first that ended the search, so it depends on the seed and
 * the runs, never on how many threads made them or which finished first.
 * Runs are added to the counts as soon as every earlier run of the shard has
 * come in; only those that came early wait, so memory stays small however
 * long the gate runs.
 */
export class GateTally {
  private readonly waiting = new Map<number, GateRunRecord>();
  /** The position in the shard's sequence of the next run to count. */
  private next = 0;
  private counted = 0;
  private undecided = 0;
  private readonly coverage: GateCoverage = {};
  private stop: GateRunRecord | null = null;
  private added = 0;
  /** Coverage over every run added so far, in any order, for progress reports. */
  readonly progressCoverage: GateCoverage = {};

  constructor(private readonly shard: GateShard) {}

  add(record: GateRunRecord): void {
    this.added++;
    addRunCoverage(this.progressCoverage, record.cluster, record.coverage);
    // Past the run that ended the search nothing counts.
    if (this.stop !== null) return;
    this.waiting.set((record.index - this.shard.index) / this.shard.count, record);
    for (let ready = this.waiting.get(this.next); ready !== undefined && this.stop === null; ready = this.waiting.get(this.next)) {
      this.waiting.delete(this.next++);
      this.counted++;
      if (ready.verdict === 'undecided') this.undecided++;
      addRunCoverage(this.coverage, ready.cluster, ready.coverage);
      if (endsSearch(ready)) this.stop = ready;
    }
    if (this.stop !== null) this.waiting.clear();
  }

  /** Runs added so far, counted or not. */
  get count(): number {
    return this.added;
  }

  summary(): GateTallySummary {
    return { runs: this.counted, undecided: this.undecided, coverage: structuredClone(this.coverage), stop: this.stop };
  }
}
