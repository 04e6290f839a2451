import type fc from 'fast-check';
import { FaultlineError } from '../model/faultline-error.js';
import type { Protocol } from '../impl/world/node-logic.js';
import { clusterRunCases, SHRINK_RUNS_MAX } from './check-gate.js';
import type { ProtocolDefinition } from './define-protocol.js';
import { failureReport, type FailureRecipe } from './failure-report.js';
import { addRunCoverage, inconclusiveReason, type GateCoverage } from './gate-coverage.js';
import { runCase, type RunCase, type RunOutcome } from './run-case.js';
import { shellWord } from './shell-word.js';
import type { Violation } from './violation.js';
import { writeFailureTrace } from './write-failure-trace.js';
import { checkOutputFolder } from '../traces/write-new-file.js';

export interface ProtocolCheckOptions {
  /** The protocol's planted bugs to switch on; none when absent. */
  readonly mutants?: readonly string[] | undefined;
  /** Where the trace of a failure is written; `faultline-traces` (in the working folder) when absent. */
  readonly tracesDir?: string | undefined;
  /**
   * The module whose default export is the protocol, as the report's replay
   * command should name it (`faultline replay TRACE --protocol MODULE`);
   * without it the report says how to replay from code.
   */
  readonly module?: string | undefined;
}

/**
 * One check of a user's protocol from a fast-check property (`test.prop` of
 * `@fast-check/vitest`, or `fc.assert`): the run cases to generate, the
 * predicate, and a fast-check plugin that turns the shrunk counterexample
 * into the report `faultline check` prints, with a trace that replays.
 *
 * ```ts
 * const check = protocolCheck(lockService, { module: './lock-service.ts' });
 * test.prop([check.runCases], { plugins: [check.plugin] })('no two holders', check.holds);
 * ```
 *
 * Use one check per property: the plugin judges the runs `holds` saw since
 * the property started.
 */
export interface ProtocolCheck {
  /** Whole runs: world seed, node count, fault schedule (swarm-style, with aimed faults), workload and tuned settings. They shrink together. */
  readonly runCases: fc.Arbitrary<RunCase>;
  /** Runs one case, checks every property of the protocol at every step, and throws naming the first one broken. */
  readonly holds: (runCase: RunCase) => void;
  /**
   * On failure, re-runs the shrunk counterexample, writes its trace and
   * throws a `ProtocolFailure` with the report. On success, throws when the
   * runs prove nothing: none finished, one could not be decided, or a
   * required "sometimes" counter was never reached.
   */
  readonly plugin: fc.Plugin<[RunCase]>;
}

/** A violated property of a user's protocol, found and shrunk by fast-check; its message is the report `faultline check` would print. */
export class ProtocolFailure extends Error {
  constructor(
    message: string,
    /** The fast-check seed and path that regenerate the counterexample. */
    readonly seed: number,
    readonly path: string,
    /** Where its trace was written; null when it could not be (the message says why). */
    readonly tracePath: string | null,
    readonly runCase: RunCase,
    readonly violations: readonly Violation[],
    readonly shrinks: number,
  ) {
    super(message);
    this.name = 'ProtocolFailure';
  }
}

/** Builds a check of a user's protocol; see `ProtocolCheck`. */
export function protocolCheck<P extends Protocol>(protocol: ProtocolDefinition<P>, options: ProtocolCheckOptions = {}): ProtocolCheck {
  const definition = protocol as unknown as ProtocolDefinition<Protocol>;
  const mutants = options.mutants ?? [];
  const tracesDir = options.tracesDir ?? 'faultline-traces';
  // A traces folder that could not be written is refused before the runs, as check does.
  checkOutputFolder(tracesDir);
  const run = (candidate: RunCase, record: boolean): RunOutcome => runCase(candidate, { record, stopAtFirstViolation: !record, protocol: definition });
  let coverage: GateCoverage = {};
  let undecided = 0;
  let failed = false;
  let shrinkCandidates = 0;
  const holds = (candidate: RunCase): void => {
    // Once a run has failed, fast-check only shrinks; as in the gate, past the cap every candidate passes, so shrinking ends at a count, not a time.
    if (failed && ++shrinkCandidates > SHRINK_RUNS_MAX) return;
    const outcome = run(candidate, false);
    if (!failed) addRunCoverage(coverage, protocol.name, outcome.coverage);
    if (outcome.undecided.length > 0) undecided++;
    const first = outcome.violations[0];
    if (first === undefined) return;
    failed = true;
    throw new Error(`${first.property} at step ${first.step} (tick ${first.tick}): ${first.message}`);
  };
  const plugin: fc.Plugin<[RunCase]> = () => {
    // A plugin is instantiated once per property run: the runs judged are this property's.
    coverage = {};
    undecided = 0;
    failed = false;
    shrinkCandidates = 0;
    return {
      onAllRunsComplete(details) {
        if (!details.failed) {
          const reason = inconclusiveReason(coverage, undecided, [definition]);
          if (reason !== null) throw new Error(`inconclusive: ${reason} (protocol ${protocol.name}, ${details.numRuns} runs, seed ${details.seed})`);
          return;
        }
        const found = runCaseIn(details.counterexample);
        const outcome = found === undefined ? undefined : run(found, true);
        // A failure that is not a violation of the protocol (an assertion of the user's own, say) is fast-check's to report.
        if (found === undefined || outcome === undefined || outcome.violations.length === 0) return;
        const failure = { runCase: found, path: details.counterexamplePath ?? '', outcome, shrinks: details.numShrinks, shrinkComplete: !details.interrupted && shrinkCandidates <= SHRINK_RUNS_MAX };
        const again = `test.prop([check.runCases], { seed: ${details.seed}, path: ${JSON.stringify(failure.path)}, endOnFailure: true, plugins: [check.plugin] })`;
        // A trace that cannot be written (a full disk, say) does not hide the violation: the seed and path find it again.
        let tracePath: string | null = null;
        let traceError: string | null = null;
        try {
          tracePath = writeFailureTrace(tracesDir, failure, { seed: details.seed, protocol: definition });
        } catch (error) {
          if (!(error instanceof FaultlineError)) throw error;
          traceError = error.oneLine();
        }
        const recipe: FailureRecipe =
          tracePath === null
            ? { kind: 'not-written', reproduce: again }
            : { kind: 'trace', trace: tracePath, replay: options.module === undefined ? `replayTrace(loadTrace(${JSON.stringify(tracePath)}), { protocol })` : `npx faultline replay ${shellWord(tracePath)} --protocol ${shellWord(options.module)}` };
        const lines = [
          `seed: ${details.seed}`,
          `protocol ${protocol.name} with mutant ${mutants.join(',') || 'none'} failed after ${details.numRuns} run${details.numRuns === 1 ? '' : 's'}`,
          ...(traceError === null ? [] : [traceError]),
          ...failureReport(failure, recipe),
          ...(tracePath === null ? [] : [`  again:  ${again}`]),
        ];
        throw new ProtocolFailure(lines.join('\n'), details.seed, failure.path, tracePath, found, outcome.violations, details.numShrinks);
      },
    };
  };
  return { runCases: clusterRunCases(definition, mutants), holds, plugin };
}

/** The run case among a counterexample's values (the first that looks like one), if any. */
function runCaseIn(counterexample: unknown): RunCase | undefined {
  const values: unknown[] = Array.isArray(counterexample) ? counterexample : [counterexample];
  return values.find((value): value is RunCase => typeof value === 'object' && value !== null && 'config' in value && 'worldSeed' in value && 'schedule' in value);
}
