import type { Scheduler } from '../impl/schedulers/define-scheduler.js';
import type { Protocol } from '../impl/world/node-logic.js';
import type { ClusterEntry } from './cluster-registry.js';
import type { SimConfig } from '../impl/sim-config.js';
import type { Trace } from '../traces/trace.generated.js';
import { runCase, type RunCase, type RunOutcome } from './run-case.js';
import { digestHex } from './trace-from-run.js';

/** The first place where a re-execution did something other than the recorded run. */
export interface Divergence {
  readonly index: number;
  readonly expected: string;
  readonly actual: string;
}

export interface ReplayResult {
  readonly runCase: RunCase;
  readonly outcome: RunOutcome;
  /** Null when the new event log equals the recorded one. */
  readonly divergence: Divergence | null;
  readonly digestMatches: boolean;
  /** True when the replay ran other mutants than the recorded run, so a divergence is expected, not nondeterminism. */
  readonly mutantsChanged: boolean;
}

export interface ReplayOptions {
  /** Replaces the recorded mutant list: `[]` replays the same schedule on the correct implementation. */
  readonly mutants?: readonly string[] | undefined;
  /** The user's scheduler a run of a user's scheduler needs (built-ins are found by name). */
  readonly scheduler?: Scheduler | undefined;
  /** The user's protocol (made with `defineProtocol`) a trace of it needs: a trace never names code to load. */
  readonly protocol?: ClusterEntry<Protocol> | undefined;
}

/**
 * Re-executes a trace from its configuration, seed and schedule; it does not
 * trust the recorded events, it compares them with the new ones.
 */
export function replayTrace(trace: Trace, options: ReplayOptions = {}): ReplayResult {
  const { mutants, scheduler, protocol } = options;
  const recorded = trace.config as SimConfig;
  const config: SimConfig = mutants === undefined ? recorded : { ...recorded, cluster: { ...recorded.cluster, mutants: [...mutants] } as SimConfig['cluster'] };
  const replayCase: RunCase = { config, worldSeed: trace.worldSeed, schedule: trace.schedule, aimed: trace.aimed, workload: trace.workload };
  const outcome = runCase(replayCase, { record: true, stopAtFirstViolation: false, scheduler, protocol });
  const mutantsChanged = JSON.stringify(config.cluster.mutants) !== JSON.stringify(recorded.cluster.mutants);
  return {
    runCase: replayCase,
    outcome,
    divergence: firstDivergence(trace.events, outcome.events),
    digestMatches: digestHex(outcome.digest) === trace.eventsDigest,
    mutantsChanged,
  };
}

function firstDivergence(recorded: readonly unknown[], replayed: readonly unknown[]): Divergence | null {
  const length = Math.max(recorded.length, replayed.length);
  for (let index = 0; index < length; index++) {
    const expected = index < recorded.length ? JSON.stringify(recorded[index]) : '(end of recorded events)';
    const actual = index < replayed.length ? JSON.stringify(replayed[index]) : '(end of replayed events)';
    if (expected !== actual) return { index, expected, actual };
  }
  return null;
}
