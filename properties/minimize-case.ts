import type { Protocol } from '../impl/world/node-logic.js';
import type { ClusterEntry } from './cluster-registry.js';
import { removalUnits, withoutUnit } from './removal-units.js';
import type { RunCase } from './run-case.js';

export interface MinimizeControl {
  /** True once the work must end (a time limit, an interrupt): the case so far is returned. */
  stopped(): boolean;
  /** Called before each candidate run; may yield to the event loop. */
  beforeRun(): Promise<void>;
}

export interface Minimized {
  readonly runCase: RunCase;
  /** Units removed. */
  readonly removed: number;
  readonly runs: number;
  /** True when every single removal was tried on the final case and none kept it failing: it is 1-minimal. */
  readonly complete: boolean;
}

/**
 * Makes a failing case 1-minimal: removes one unit at a time (a fault with its
 * repair, an aimed fault, a client operation) as long as the case still
 * fails, and sweeps again after any removal, until a whole sweep removes
 * nothing. This is the last stage of ddmin (Zeller and Hildebrandt), run on
 * what fast-check's shrinking left: fast-check shrinks arrays from the front
 * and element by element but never tries dropping one element from the
 * middle, so its result is small but not always 1-minimal.
 */
export async function minimizeCase(start: RunCase, fails: (candidate: RunCase) => boolean, control: MinimizeControl, runsMax: number): Promise<Minimized> {
  const sweep = sweepRemovals(start, fails, runsMax);
  let step = sweep.next();
  while (!step.done) {
    const stop = control.stopped();
    if (!stop) await control.beforeRun();
    step = sweep.next(stop);
  }
  return step.value;
}

/**
 * `minimizeCase` without pauses, for a user's protocol check, which must
 * finish before it returns (a fast-check plugin of a synchronous property).
 */
export function minimizeCaseNow(start: RunCase, fails: (candidate: RunCase) => boolean, runsMax: number, protocol: ClusterEntry<Protocol>): Minimized {
  const sweep = sweepRemovals(start, fails, runsMax, protocol);
  let step = sweep.next();
  while (!step.done) step = sweep.next(false);
  return step.value;
}

/**
 * The sweeps themselves. Before each candidate run it yields, and the caller
 * answers whether to stop there, so that one loop serves callers that pause
 * between runs and callers that do not.
 */
function* sweepRemovals(start: RunCase, fails: (candidate: RunCase) => boolean, runsMax: number, protocol?: ClusterEntry<Protocol>): Generator<void, Minimized, boolean> {
  let current = start;
  let removed = 0;
  let runs = 0;
  for (;;) {
    let changed = false;
    let units = removalUnits(current, protocol);
    for (let position = 0; position < units.length; ) {
      if (runs >= runsMax || (yield)) return { runCase: current, removed, runs, complete: false };
      runs++;
      const candidate = withoutUnit(current, units[position]!);
      if (fails(candidate)) {
        // The unit at this position is now the next one: stay here.
        current = candidate;
        removed++;
        changed = true;
        units = removalUnits(current, protocol);
      } else {
        position++;
      }
    }
    if (!changed) return { runCase: current, removed, runs, complete: true };
  }
}
