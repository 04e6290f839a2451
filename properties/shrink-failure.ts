import fc from 'fast-check';
import type { Scheduler } from '../impl/schedulers/define-scheduler.js';
import type { PropertyId } from '../model/property-id.js';
import { breaks } from './check-minimal.js';
import { minimizeCase, type MinimizeControl } from './minimize-case.js';
import { runCase, type RunCase, type RunOutcome } from './run-case.js';

/** A failing run after shrinking, with the outcome of re-running it in full. */
export interface GateFailure {
  readonly runCase: RunCase;
  /** The fast-check path of the case fast-check's shrinking ended at (before single faults and operations were removed). */
  readonly path: string;
  /** The failing run's number in the seed's sequence. */
  readonly run: number;
  /** The property the failing run broke first, which every shrinking step kept broken. */
  readonly property: PropertyId;
  readonly outcome: RunOutcome;
  /** Steps fast-check's shrinking took. */
  readonly shrinks: number;
  /** Faults, aimed faults and client operations removed one at a time after fast-check's shrinking. */
  readonly removed: number;
  /**
   * True when the last stage, the sweep of single removals, finished: the
   * case is then 1-minimal (fast-check's own stage may have stopped at its
   * cap before). False when the sweep hit its cap or was interrupted:
   * smaller, but maybe not 1-minimal.
   */
  readonly shrinkComplete: boolean;
}

/** Shrinking stops trying after this many candidate runs, so that one seed always gives one trace. */
export const SHRINK_RUNS_MAX = 2_000;
/** The 1-minimal sweep's own cap: a sweep costs one run per unit, and a case rarely has more than a few dozen. */
export const MINIMIZE_RUNS_MAX = 1_000;

export interface ShrinkRequest {
  readonly arbitrary: fc.Arbitrary<RunCase>;
  readonly seed: number;
  readonly run: number;
  /** The failing run's case, as the gate generated it. */
  readonly found: RunCase;
  readonly property: PropertyId;
  readonly scheduler?: Scheduler | undefined;
}

/**
 * Shrinks failing run `run` of `seed` in two stages, each bounded by a count
 * of candidate runs (never by time, so a seed always gives the same trace):
 * fast-check's own shrinking from the path `"run"`, then removal of single
 * units until the case is 1-minimal. A candidate counts as failing when it
 * breaks the same property, so shrinking never slips to another bug. When
 * `control` says stop, both stages end with the smallest case so far.
 */
export async function shrinkFailure(request: ShrinkRequest, control: MinimizeControl): Promise<GateFailure> {
  const { arbitrary, seed, run, found, property, scheduler } = request;
  const fails = (candidate: RunCase) => breaks(candidate, property, scheduler);
  let candidates = 0;
  let stoppedEarly = false;
  const shrunk = await fc.check(
    fc.asyncProperty(arbitrary, async (candidate) => {
      // Past the cap (or once stopped) every further candidate "passes": fast-check then stops descending, deterministically.
      if (++candidates > SHRINK_RUNS_MAX || control.stopped()) {
        stoppedEarly = true;
        return true;
      }
      await control.beforeRun();
      return !fails(candidate);
    }),
    { seed, path: String(run), numRuns: 1 },
  );
  const failed = shrunk.failed && shrunk.counterexample !== null && shrunk.counterexamplePath !== null;
  // Stopped before the first candidate ran: shrinking starts from the run as found.
  if (!failed && !stoppedEarly) throw new Error(`run ${run} of seed ${seed} did not break ${property} again when shrinking started: the run is not deterministic`);
  const smallest = failed ? (shrunk.counterexample as [RunCase])[0] : found;
  const minimized = await minimizeCase(smallest, fails, control, MINIMIZE_RUNS_MAX);
  const outcome = runCase(minimized.runCase, { record: true, stopAtFirstViolation: false, scheduler });
  return {
    runCase: minimized.runCase,
    path: failed ? shrunk.counterexamplePath! : String(run),
    run,
    property,
    outcome,
    shrinks: shrunk.numShrinks,
    removed: minimized.removed,
    shrinkComplete: minimized.complete,
  };
}
