import type { Scheduler } from '../impl/schedulers/define-scheduler.js';
import type { Protocol } from '../impl/world/node-logic.js';
import type { ClusterEntry } from './cluster-registry.js';
import type { SimConfig } from '../impl/sim-config.js';
import type { Trace } from '../traces/trace.generated.js';
import { runCase, type RunCase, type RunOutcome } from './run-case.js';
import { digestHex } from './trace-from-run.js';

/** The first place where a re-execution did something other than the recorded run. */
export interface Divergence {
  /** The position of the first differing event in the event log. */
  readonly index: number;
  /** The world step that event belongs to (the recorded one's, or the replayed one's past the recording's end). */
  readonly step: number;
  /** The recorded event, as JSON, or a note that the recording ended. */
  readonly expected: string;
  /** The replayed event, as JSON, or a note that the replay ended. */
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

/** The first event where two event logs differ, or null when they are equal. */
export function firstDivergence(recorded: readonly unknown[], replayed: readonly unknown[]): Divergence | null {
  const length = Math.max(recorded.length, replayed.length);
  for (let index = 0; index < length; index++) {
    const expected = index < recorded.length ? JSON.stringify(recorded[index]) : '(end of recorded events)';
    const actual = index < replayed.length ? JSON.stringify(replayed[index]) : '(end of replayed events)';
    if (expected !== actual) {
      const at = (recorded[index] ?? replayed[index]) as { step?: unknown } | undefined;
      return { index, step: typeof at?.step === 'number' ? at.step : -1, expected, actual };
    }
  }
  return null;
}

/** How much of each differing event a divergence line shows, before and after the first differing character. */
const CONTEXT_BEFORE = 40;
const CONTEXT_AFTER = 80;

/**
 * The divergence in one line: the step, then the two events, each cut to the
 * neighbourhood of their first differing character, so that a long message
 * still shows where the two runs parted.
 */
export function describeDivergence(divergence: Divergence, names: { readonly expected: string; readonly actual: string } = { expected: 'recorded', actual: 'replayed' }): string {
  const { expected, actual } = divergence;
  let at = 0;
  while (at < expected.length && at < actual.length && expected[at] === actual[at]) at++;
  const around = (text: string) => {
    const from = Math.max(0, at - CONTEXT_BEFORE);
    const to = Math.min(text.length, at + CONTEXT_AFTER);
    return `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
  };
  const step = divergence.step >= 0 ? `step ${divergence.step}` : 'the start';
  return `at ${step} (event #${divergence.index}): ${names.expected} ${around(expected)}, ${names.actual} ${around(actual)}`;
}
