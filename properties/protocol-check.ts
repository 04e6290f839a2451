import type fc from 'fast-check';
import { FaultlineError } from '../model/faultline-error.js';
import type { Protocol } from '../impl/world/node-logic.js';
import { breaks } from './check-minimal.js';
import { clusterRunCases } from './gate-search.js';
import { minimizeCaseNow } from './minimize-case.js';
import { MINIMIZE_RUNS_MAX, SHRINK_RUNS_MAX } from './shrink-failure.js';
import type { ProtocolDefinition } from './define-protocol.js';
import { failureReport, type FailureRecipe, type ShrunkFailure } from './failure-report.js';
import { addRunCoverage, inconclusiveReason, type GateCoverage } from './gate-coverage.js';
import { runCase, type RunCase } from './run-case.js';
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
   * On failure, takes the counterexample fast-check shrank (keeping the
   * first property broken, as the gate does), removes single faults and
   * operations until it is 1-minimal, writes its trace and throws a
   * `ProtocolFailure` with the report. On success, throws when the runs
   * prove nothing: none finished, one could not be decided, or a required
   * "sometimes" counter was never reached.
   */
  readonly plugin: fc.Plugin<[RunCase]>;
}

/** What a `ProtocolFailure` holds besides its message. */
export interface ProtocolFailureDetails {
  /** The fast-check seed and path that regenerate the counterexample (before single removals). */
  readonly seed: number;
  readonly path: string;
  /** The failing run's number in the seed's sequence. */
  readonly run: number;
  /** The property the failing run broke first, which every shrinking step kept broken. */
  readonly property: string;
  /** Where its trace was written; null when it could not be (the message says why). */
  readonly tracePath: string | null;
  /** The shrunk case, and what it broke when run again in full. */
  readonly runCase: RunCase;
  readonly violations: readonly Violation[];
  /** Steps fast-check's shrinking took, and faults and operations removed one at a time after it. */
  readonly shrinks: number;
  readonly removed: number;
  /** True when the last sweep of single removals finished: the case is 1-minimal. */
  readonly minimal: boolean;
}

/** A violated property of a user's protocol, found and shrunk; its message is the report `faultline check` would print. */
// The class's fields are the details', declared once, in the interface above.
export interface ProtocolFailure extends ProtocolFailureDetails {}
export class ProtocolFailure extends Error {
  constructor(message: string, details: ProtocolFailureDetails) {
    super(message);
    this.name = 'ProtocolFailure';
    Object.assign(this, details);
  }
}

/** Builds a check of a user's protocol; see `ProtocolCheck`. */
export function protocolCheck<P extends Protocol>(protocol: ProtocolDefinition<P>, options: ProtocolCheckOptions = {}): ProtocolCheck {
  const definition = protocol as unknown as ProtocolDefinition<Protocol>;
  const mutants = options.mutants ?? [];
  const tracesDir = options.tracesDir ?? 'faultline-traces';
  // A traces folder that could not be written is refused before the runs, as check does.
  checkOutputFolder(tracesDir);
  const fails = (candidate: RunCase, property: string) => breaks(candidate, property, undefined, definition);
  // What the property run has seen so far; the plugin resets it when a property run starts.
  let coverage: GateCoverage = {};
  let undecided = 0;
  let runs = 0;
  let broken: { readonly property: string; readonly run: number } | null = null;
  let shrinkCandidates = 0;
  const holds = (candidate: RunCase): void => {
    if (broken === null) {
      const outcome = runCase(candidate, { record: false, stopAtFirstViolation: true, protocol: definition });
      addRunCoverage(coverage, protocol.name, outcome.coverage);
      if (outcome.undecided.length > 0) undecided++;
      const first = outcome.violations[0];
      runs++;
      if (first === undefined) return;
      broken = { property: first.property, run: runs - 1 };
      throw new Error(`${first.property} at step ${first.step} (tick ${first.tick}): ${first.message}`);
    }
    // Shrinking, as the gate's: a candidate fails only by breaking the same property, and past the cap every candidate passes, so shrinking ends at a count, not a time.
    if (++shrinkCandidates > SHRINK_RUNS_MAX) return;
    if (fails(candidate, broken.property)) throw new Error(`${broken.property} is broken`);
  };
  const plugin: fc.Plugin<[RunCase]> = () => {
    // A plugin is instantiated once per property run: the runs judged are this property's.
    coverage = {};
    undecided = 0;
    runs = 0;
    broken = null;
    shrinkCandidates = 0;
    return {
      onAllRunsComplete(details) {
        if (!details.failed) {
          const reason = inconclusiveReason(coverage, undecided, [definition]);
          if (reason !== null) throw new Error(`inconclusive: ${reason} (protocol ${protocol.name}, ${details.numRuns} runs, seed ${details.seed})`);
          return;
        }
        const found = runCaseIn(details.counterexample);
        // A failure that is not a violation of the protocol (an assertion of the user's own, say) is fast-check's to report.
        if (broken === null || found === undefined) return;
        const { property, run } = broken;
        // The gate's last stage: single faults and operations removed while the property stays broken, until the case is 1-minimal.
        const minimized = minimizeCaseNow(found, (candidate) => fails(candidate, property), MINIMIZE_RUNS_MAX, definition);
        const outcome = runCase(minimized.runCase, { record: true, stopAtFirstViolation: false, protocol: definition });
        const path = details.counterexamplePath ?? '';
        const failure: ShrunkFailure = { runCase: minimized.runCase, path, run, property, outcome, shrinks: details.numShrinks, removed: minimized.removed, shrinkComplete: minimized.complete };
        const again = `test.prop([check.runCases], { seed: ${details.seed}, path: ${JSON.stringify(path)}, endOnFailure: true, plugins: [check.plugin] })`;
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
          ...failureReport(failure, recipe, details.interrupted),
          ...(tracePath === null ? [] : [`  again:  ${again}`]),
        ];
        throw new ProtocolFailure(lines.join('\n'), {
          seed: details.seed,
          path,
          run,
          property,
          tracePath,
          runCase: minimized.runCase,
          violations: outcome.violations,
          shrinks: details.numShrinks,
          removed: minimized.removed,
          minimal: minimized.complete,
        });
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
