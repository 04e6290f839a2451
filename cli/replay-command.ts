import { findMutant } from '../impl/mutants.js';
import { FaultlineError } from '../model/faultline-error.js';
import { checkMinimal, type MinimalityReport } from '../properties/check-minimal.js';
import { describeDivergence, replayTrace, type ReplayResult } from '../properties/replay-trace.js';
import { loadTrace } from '../traces/load-trace.js';
import { describeCluster } from '../traces/describe-cluster.js';
import type { SimConfig } from '../impl/sim-config.js';
import type { Protocol } from '../impl/world/node-logic.js';
import { builtClusters, clusterOf } from '../properties/cluster-registry.js';
import type { ProtocolDefinition } from '../properties/define-protocol.js';
import { loadUserProtocol } from '../properties/load-user-protocol.js';
import { replayInSandbox } from '../runtime/cluster-sandbox.js';
import { resolveSchedulerSource } from '../properties/scheduler/resolve-scheduler.js';
import type { Trace } from '../traces/trace.generated.js';
import { replaySchedulerCounterexample, type SchedulerReplay } from '../properties/scheduler/replay-scheduler-counterexample.js';
import { loadSchedulerCounterexample } from '../traces/load-scheduler-counterexample.js';
import { bundleSchedulerModule, type SchedulerBundle } from '../properties/scheduler/scheduler-bundle.js';
import { findBuiltinScheduler } from '../impl/schedulers/builtin-schedulers.js';
import { closeSync, openSync, readSync } from 'node:fs';
import { EXIT, type CliIo } from './cli-io.js';
import { parseOptions } from './parse-options.js';

const OPTIONS = {
  mutant: { type: 'string' },
  scheduler: { type: 'string' },
  protocol: { type: 'string' },
  'check-minimal': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

type ReplayVerdict = 'held' | 'violated' | 'diverged';

/**
 * `faultline replay TRACE.json...`: re-executes each trace from its
 * configuration, seed and schedule, compares the new event log with the
 * recorded one (the first difference is nondeterminism), and reports every
 * violated property with the step at which it broke. With --check-minimal
 * it then replays each trace once without each of its faults (with its
 * repair), aimed faults and client operations, and says which are needed for
 * the property its shrinking kept broken. Exit 1 when any trace violates a
 * property, 3 when a replay diverged without a violation, else 0.
 */
export async function replayCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions('replay', args, OPTIONS, { min: 1, max: Number.MAX_SAFE_INTEGER, name: 'trace file (faultline replay TRACE.json)' });
  const schedulerFiles = positionals.filter(isSchedulerCounterexample);
  if (schedulerFiles.length > 0 && values.mutant !== undefined) {
    throw new FaultlineError('usage', '--mutant applies to cluster traces, not to scheduler counterexamples', { file: schedulerFiles[0]! });
  }
  if (values.protocol !== undefined && values.scheduler !== undefined) throw new FaultlineError('usage', '--scheduler applies to the single-leader cluster, --protocol to a user\'s protocol: give one of them');
  // A trace of a user's protocol replays only with the module the user names here: a trace never names code to load.
  const protocol = values.protocol === undefined ? undefined : await loadUserProtocol(values.protocol);
  const mutants = values.mutant === undefined ? undefined : values.mutant === 'none' ? [] : [checkedMutant(values.mutant, protocol)];
  const checkMinimality = values['check-minimal'] === true;
  if (checkMinimality && (schedulerFiles.length > 0 || values.scheduler !== undefined)) {
    throw new FaultlineError('usage', '--check-minimal applies to cluster traces of built-in schedulers', schedulerFiles.length > 0 ? { file: schedulerFiles[0]! } : {});
  }
  // Every file is loaded before any is run, so that bad input is reported before minutes of work.
  const traces = positionals.filter((path) => !schedulerFiles.includes(path)).map((path) => ({ path, trace: loadTraceOf(path, protocol) }));
  const counterexamples = schedulerFiles.map((path) => ({ path, counterexample: loadSchedulerCounterexample(path) }));
  // A file made with a user's scheduler replays only with the module the user names here, run in its sandbox: a file never names code to load.
  const madeWithModule = [...traces.filter(({ trace }) => madeWithUserModule(trace)), ...counterexamples.filter(({ counterexample }) => counterexample.schedulerSource.kind === 'module')].map(({ path }) => path);
  const module = values.scheduler === undefined ? undefined : await userModule(values.scheduler, madeWithModule);
  if (module === undefined && madeWithModule.length > 0) {
    throw new FaultlineError('usage', 'the file was made with a user\'s scheduler module: replay it with --scheduler PATH; faultline never loads code named inside a file', { file: madeWithModule[0]! });
  }
  const reports: TraceReport[] = [];
  for (const { path, trace } of traces) {
    let replay: ReplayResult;
    if (madeWithUserModule(trace) && module !== undefined) {
      const outcome = await replayInSandbox({ trace, mutants }, { bundle: module, callTimeoutMs: 1_000 });
      if (outcome.kind === 'hung') throw new FaultlineError('usage', `a call of the scheduler did not return within ${outcome.limitMs} ms during the replay`, { file: path });
      if (outcome.kind === 'silent') throw new FaultlineError('usage', `the scheduler's sandbox process stopped answering for ${outcome.silentMs / 1000} s during the replay (it was stopped)`, { file: path });
      replay = outcome.result;
    } else {
      replay = replayTrace(trace, { mutants, protocol });
    }
    const sourceMatches = trace.schedulerSource === undefined || module === undefined ? null : trace.schedulerSource.sha256 === module.sha256;
    const source = sourceMatches === null ? null : { recorded: trace.schedulerSource!.sha256, replayed: module!.sha256, matches: sourceMatches };
    reports.push({ path, trace, replay, verdict: verdictOf(replay), source, ...(checkMinimality ? { minimality: minimalityOf(trace, replay, protocol) } : {}) });
  }
  const schedulerReports: { path: string; replay: SchedulerReplay; verdict: ReplayVerdict }[] = [];
  for (const { path } of counterexamples) {
    const replay = await replaySchedulerCounterexample(path, module);
    schedulerReports.push({ path, replay, verdict: replay.outcome.kind === 'violated' ? 'violated' : 'held' });
  }
  const verdict = overall([...reports.map((r) => r.verdict), ...schedulerReports.map((r) => r.verdict)]);
  if (values.json === true) {
    io.stdout(`${JSON.stringify({ result: verdict, traces: [...reports.map(jsonReport), ...schedulerReports.map((report) => schedulerJsonReport(report, module))] })}\n`);
  } else {
    for (const report of reports) {
      printReport(report, module, io);
      if (report.minimality !== undefined) printMinimality(report.minimality, io);
    }
    for (const report of schedulerReports) printSchedulerReport(report.path, report.replay, report.verdict, module, io);
  }
  return verdict === 'violated' ? EXIT.violated : verdict === 'diverged' ? EXIT.inconclusive : EXIT.held;
}

interface TraceReport {
  readonly path: string;
  readonly trace: Trace;
  readonly replay: ReplayResult;
  readonly verdict: ReplayVerdict;
  /** For a trace made with a user's module: the recorded source hash and the one of the module replayed. */
  readonly source: { readonly recorded: string; readonly replayed: string; readonly matches: boolean } | null;
  /** With --check-minimal: which faults and operations the violation needs (null: the trace records none). */
  readonly minimality?: MinimalityReport | null;
}

/** A trace made with a user's scheduler: it says so (its source hash), or it names a scheduler that is not a built-in. */
function madeWithUserModule(trace: Trace): boolean {
  const cluster = trace.config.cluster;
  // The leaderless cluster has no placement policy, so its traces never name a scheduler.
  return trace.schedulerSource !== undefined || (cluster.kind === 'single-leader' && findBuiltinScheduler(cluster.scheduler) === undefined);
}

/** `--scheduler PATH`, bundled: it names a module, and some file given was made with one. */
async function userModule(argument: string, madeWithModule: readonly string[]): Promise<SchedulerBundle> {
  const source = resolveSchedulerSource(argument);
  if (source.kind === 'builtin') throw new FaultlineError('usage', `--scheduler names the module a file was made with; a file made with the built-in ${source.scheduler.name} replays with it by name`);
  if (madeWithModule.length === 0) throw new FaultlineError('usage', "--scheduler applies to files made with a user's scheduler module; these were made with built-ins", { scheduler: argument });
  return bundleSchedulerModule(source.path);
}

/** "the same source as recorded", or how it differs (hashes shortened to 12 digits). */
function describeSource(file: string, matches: boolean, recorded: string, replayed: string): string {
  return matches ? `${file}, the same source as recorded` : `${file} DIFFERS from the module the file was made with (source sha256 recorded ${recorded.slice(0, 12)}…, now ${replayed.slice(0, 12)}…)`;
}

/** Scheduler counterexamples are plain JSON with their own `format`; everything else is read as a cluster trace. */
function isSchedulerCounterexample(path: string): boolean {
  try {
    // Only the start is needed to tell; a large file is left for loadTrace to refuse with the right error.
    const fd = openSync(path, 'r');
    const head = Buffer.alloc(4096);
    const bytes = readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    return /"format"\s*:\s*"faultline-scheduler-counterexample\//.test(head.subarray(0, bytes).toString('utf8'));
  } catch {
    // Unreadable: loadTrace reports it with the right error code.
    return false;
  }
}

function printSchedulerReport(path: string, replay: SchedulerReplay, verdict: ReplayVerdict, module: SchedulerBundle | undefined, io: CliIo): void {
  const { counterexample, outcome } = replay;
  io.stdout(`replay ${path}: scheduler ${counterexample.scheduler}, recorded ${counterexample.property} after workload event ${counterexample.eventIndex}\n`);
  if (replay.sourceMatches !== null && module !== undefined && counterexample.schedulerSource.kind === 'module') {
    io.stdout(`scheduler module: ${describeSource(module.file, replay.sourceMatches, counterexample.schedulerSource.sha256, module.sha256)}\n`);
  }
  if (outcome.kind === 'violated') {
    const same = replay.reproduced ? 'same property, same event as recorded' : 'differs from the recording';
    io.stdout(`VIOLATION ${outcome.violation.property} after workload event ${outcome.eventIndex}: ${outcome.violation.message} [${same}]\n`);
  }
  io.stdout(`result: ${verdict}\n`);
}

function schedulerJsonReport(report: { path: string; replay: SchedulerReplay; verdict: ReplayVerdict }, module: SchedulerBundle | undefined) {
  const { outcome, counterexample } = report.replay;
  const source = counterexample.schedulerSource;
  return {
    trace: report.path,
    result: report.verdict,
    scheduler: counterexample.scheduler,
    ...(source.kind === 'module' && module !== undefined ? { schedulerSource: { recorded: source.sha256, replayed: module.sha256, matches: report.replay.sourceMatches } } : {}),
    violations: outcome.kind === 'violated' ? [{ property: outcome.violation.property, eventIndex: outcome.eventIndex, message: outcome.violation.message }] : [],
    recordedViolations: [{ property: counterexample.property, eventIndex: counterexample.eventIndex, message: counterexample.message }],
    reproduced: report.replay.reproduced,
  };
}

/** Loads a trace and checks that it is of the protocol given (or of a built-in cluster when none is), naming the file when it is not. */
function loadTraceOf(path: string, protocol: ProtocolDefinition<Protocol> | undefined): Trace {
  const trace = loadTrace(path);
  const kind = trace.config.cluster.kind;
  // The schema may describe a cluster before it is built; such a trace cannot be replayed yet.
  if (kind !== 'custom' && !builtClusters().includes(kind)) {
    throw new FaultlineError('schema', `the trace is of the ${kind} cluster, which this faultline does not build (it builds ${builtClusters().join(', ')})`, { file: path });
  }
  try {
    clusterOf(trace.config as SimConfig, protocol);
  } catch (error) {
    if (error instanceof FaultlineError) throw new FaultlineError(error.code, error.message, { ...error.details, file: path });
    throw error;
  }
  return trace;
}

/** A mutant of the built-in catalog, or of the user's protocol when one is given. */
function checkedMutant(name: string, protocol: ProtocolDefinition<Protocol> | undefined): string {
  if (protocol !== undefined) {
    if (!protocol.mutants.includes(name)) throw new FaultlineError('unknown-mutant', `protocol ${protocol.name} has no mutant ${JSON.stringify(name)}; use one of its own, or --mutant none`, { known: protocol.mutants.join(',') || 'none' });
  } else if (findMutant(name) === undefined) {
    throw new FaultlineError('unknown-mutant', `unknown mutant ${JSON.stringify(name)}; see faultline mutants, or use --mutant none`);
  }
  return name;
}

function verdictOf(replay: ReplayResult): ReplayVerdict {
  if (replay.outcome.violations.length > 0) return 'violated';
  return replay.divergence !== null && !replay.mutantsChanged ? 'diverged' : 'held';
}

function overall(verdicts: readonly ReplayVerdict[]): ReplayVerdict {
  return verdicts.includes('violated') ? 'violated' : verdicts.includes('diverged') ? 'diverged' : 'held';
}

function printReport(report: TraceReport, module: SchedulerBundle | undefined, io: CliIo): void {
  const { path, trace, replay, verdict } = report;
  const config = replay.runCase.config;
  const out = (text: string) => io.stdout(`${text}\n`);
  out(
    `replay ${path}: ${describeCluster(config.cluster)}, ${config.world.nodeCount} nodes, mutants ${config.cluster.mutants.join(',') || 'none'}, world seed ${trace.worldSeed}, ${trace.schedule.length} scheduled faults${trace.aimed.length > 0 ? `, ${trace.aimed.length} aimed` : ''}, ${trace.workload.length} client operations`,
  );
  if (report.source !== null && module !== undefined) out(`scheduler module: ${describeSource(module.file, report.source.matches, report.source.recorded, report.source.replayed)}`);
  const events = replay.outcome.events.length;
  if (replay.divergence === null) {
    out(`events: ${events} replayed, identical to the ${trace.events.length} recorded${replay.digestMatches ? ' (step digest matches)' : ''}`);
  } else if (replay.mutantsChanged) {
    out(`events: differ from the recording from event #${replay.divergence.index}, as expected when the mutants change`);
  } else {
    out(`NONDETERMINISM ${describeDivergence(replay.divergence)}`);
  }
  for (const violation of replay.outcome.violations) {
    const recorded = trace.verdict.violations.find((v) => v.property === violation.property);
    const same = recorded === undefined ? 'not in the recorded verdict' : recorded.step === violation.step ? 'same step as recorded' : `recorded at step ${recorded.step}`;
    out(`VIOLATION ${violation.property} at step ${violation.step} (tick ${violation.tick}): ${violation.message} [${same}]`);
  }
  out(`result: ${verdict}`);
}

function jsonReport(report: TraceReport) {
  const { minimality } = report;
  return {
    trace: report.path,
    result: report.verdict,
    mutants: report.replay.runCase.config.cluster.mutants,
    ...(report.source === null ? {} : { schedulerSource: report.source }),
    violations: report.replay.outcome.violations,
    recordedViolations: report.trace.verdict.violations,
    divergence: report.replay.divergence,
    mutantsChanged: report.replay.mutantsChanged,
    events: report.replay.outcome.events.length,
    digestMatches: report.replay.digestMatches,
    ...(minimality === undefined
      ? {}
      : {
          minimality:
            minimality === null
              ? null
              : {
                  property: minimality.property,
                  minimal: minimality.minimal,
                  units: minimality.units.map(({ unit, needed, without }) => ({ kind: unit.kind, label: unit.label, needed, without: without.map((v) => v.property) })),
                },
        }),
  };
}

/**
 * Checks the replayed case for 1-minimality against the property its
 * shrinking kept broken (or, for a trace that does not say, the first it
 * recorded); null when the trace records no violation.
 */
function minimalityOf(trace: Trace, replay: ReplayResult, protocol: ProtocolDefinition<Protocol> | undefined): MinimalityReport | null {
  const property = trace.shrink?.property ?? trace.verdict.violations[0]?.property;
  return property === undefined ? null : checkMinimal(replay.runCase, property, undefined, protocol);
}

function printMinimality(report: MinimalityReport | null, io: CliIo): void {
  const out = (text: string) => io.stdout(`${text}\n`);
  if (report === null) {
    out('1-minimal: nothing to check: the trace records no violation');
    return;
  }
  const spare = report.units.filter((check) => !check.needed).length;
  const total = report.units.length;
  out(
    report.minimal
      ? `1-minimal: yes: ${total === 1 ? 'the one fault or client operation is' : `each of the ${total} faults and client operations is`} needed for ${report.property} to break`
      : `1-minimal: no: ${spare} of the ${total} faults and client operations can go and ${report.property} still breaks`,
  );
  for (const { unit, needed, without } of report.units) {
    const others = without.filter((v) => v.property !== report.property).map((v) => v.property);
    const effect = needed ? `without it ${report.property} holds${others.length === 0 ? '' : ` (${others.join(', ')} break${others.length === 1 ? 's' : ''} instead)`}` : `without it ${report.property} still breaks`;
    out(`  ${needed ? 'needed    ' : 'NOT needed'}  ${unit.label}: ${effect}`);
  }
}
