import { findMutant } from '../impl/mutants.js';
import { FaultlineError } from '../model/faultline-error.js';
import { replayTrace, type ReplayResult } from '../properties/replay-trace.js';
import { loadTrace } from '../traces/load-trace.js';
import type { SimConfig } from '../impl/sim-config.js';
import type { Protocol } from '../impl/world/node-logic.js';
import { clusterOf } from '../properties/cluster-registry.js';
import type { ProtocolDefinition } from '../properties/define-protocol.js';
import { loadUserProtocol } from '../properties/load-user-protocol.js';
import { replayInSandbox } from '../runtime/cluster-sandbox.js';
import { resolveSchedulerSource } from '../properties/scheduler/resolve-scheduler.js';
import type { Trace } from '../traces/trace.generated.js';
import { replaySchedulerCounterexample, type SchedulerReplay } from '../properties/scheduler/replay-scheduler-counterexample.js';
import { SCHEDULER_COUNTEREXAMPLE_FORMAT } from '../properties/scheduler/scheduler-counterexample.js';
import { readFileSync } from 'node:fs';
import { EXIT, type CliIo } from './cli-io.js';
import { parseOptions } from './parse-options.js';

const OPTIONS = {
  mutant: { type: 'string' },
  scheduler: { type: 'string' },
  protocol: { type: 'string' },
  json: { type: 'boolean' },
} as const;

type ReplayVerdict = 'held' | 'violated' | 'diverged';

/**
 * `faultline replay TRACE.json...`: re-executes each trace from its
 * configuration, seed and schedule, compares the new event log with the
 * recorded one (the first difference is nondeterminism), and reports every
 * violated property with the step at which it broke. Exit 1 when any trace
 * violates a property, 3 when a replay diverged without a violation, else 0.
 */
export async function replayCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions('replay', args, OPTIONS, { min: 1, max: Number.MAX_SAFE_INTEGER, name: 'trace file (faultline replay TRACE.json)' });
  const schedulerFiles = positionals.filter(isSchedulerCounterexample);
  if (schedulerFiles.length > 0 && values.mutant !== undefined) {
    throw new FaultlineError('usage', '--mutant applies to cluster traces, not to scheduler counterexamples', { file: schedulerFiles[0]! });
  }
  if (values.protocol !== undefined && values.scheduler !== undefined) throw new FaultlineError('usage', '--scheduler applies to the single-leader cluster, --protocol to a user\'s protocol: give one of them');
  // A trace of a user's protocol, or made with a user's scheduler, replays only with the module the user names here; a trace never names code to load.
  const protocol = values.protocol === undefined ? undefined : await loadUserProtocol(values.protocol);
  const mutants = values.mutant === undefined ? undefined : values.mutant === 'none' ? [] : [checkedMutant(values.mutant, protocol)];
  // Every trace is loaded before any is run, so that bad input is reported before minutes of work.
  const traces = positionals.filter((path) => !schedulerFiles.includes(path)).map((path) => ({ path, trace: loadTraceOf(path, protocol) }));
  const userModule = values.scheduler === undefined ? undefined : resolveSchedulerSource(values.scheduler);
  const reports: { path: string; trace: Trace; replay: ReplayResult; verdict: ReplayVerdict }[] = [];
  for (const { path, trace } of traces) {
    let replay: ReplayResult;
    if (userModule?.kind === 'module') {
      const outcome = await replayInSandbox({ trace, mutants }, { moduleUrl: userModule.url, callTimeoutMs: 1_000 });
      if (outcome.kind === 'hung') throw new FaultlineError('usage', `a call of the scheduler did not return within ${outcome.limitMs} ms during the replay`, { file: path });
      replay = outcome.result;
    } else {
      replay = replayTrace(trace, { mutants, protocol });
    }
    reports.push({ path, trace, replay, verdict: verdictOf(replay) });
  }
  const schedulerReports: { path: string; replay: SchedulerReplay; verdict: ReplayVerdict }[] = [];
  for (const path of schedulerFiles) {
    const replay = await replaySchedulerCounterexample(path);
    schedulerReports.push({ path, replay, verdict: replay.outcome.kind === 'violated' ? 'violated' : 'held' });
  }
  const verdict = overall([...reports.map((r) => r.verdict), ...schedulerReports.map((r) => r.verdict)]);
  if (values.json === true) {
    io.stdout(`${JSON.stringify({ result: verdict, traces: [...reports.map(jsonReport), ...schedulerReports.map(schedulerJsonReport)] })}\n`);
  } else {
    for (const report of reports) printReport(report.path, report.trace, report.replay, report.verdict, io);
    for (const report of schedulerReports) printSchedulerReport(report.path, report.replay, report.verdict, io);
  }
  return verdict === 'violated' ? EXIT.violated : verdict === 'diverged' ? EXIT.inconclusive : EXIT.held;
}

/** Scheduler counterexamples are plain JSON with their own `format`; everything else is read as a cluster trace. */
function isSchedulerCounterexample(path: string): boolean {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === SCHEDULER_COUNTEREXAMPLE_FORMAT;
  } catch {
    // Unreadable or not JSON: loadTrace reports it with the right error code.
    return false;
  }
}

function printSchedulerReport(path: string, replay: SchedulerReplay, verdict: ReplayVerdict, io: CliIo): void {
  const { counterexample, outcome } = replay;
  io.stdout(`replay ${path}: scheduler ${counterexample.scheduler}, recorded ${counterexample.property} after workload event ${counterexample.eventIndex}\n`);
  if (outcome.kind === 'violated') {
    const same = replay.reproduced ? 'same property, same event as recorded' : 'differs from the recording';
    io.stdout(`VIOLATION ${outcome.violation.property} after workload event ${outcome.eventIndex}: ${outcome.violation.message} [${same}]\n`);
  }
  io.stdout(`result: ${verdict}\n`);
}

function schedulerJsonReport(report: { path: string; replay: SchedulerReplay; verdict: ReplayVerdict }) {
  const { outcome, counterexample } = report.replay;
  return {
    trace: report.path,
    result: report.verdict,
    scheduler: counterexample.scheduler,
    violations: outcome.kind === 'violated' ? [{ property: outcome.violation.property, eventIndex: outcome.eventIndex, message: outcome.violation.message }] : [],
    recordedViolations: [{ property: counterexample.property, eventIndex: counterexample.eventIndex, message: counterexample.message }],
    reproduced: report.replay.reproduced,
  };
}

/** Loads a trace and checks that it is of the protocol given (or of a built-in cluster when none is), naming the file when it is not. */
function loadTraceOf(path: string, protocol: ProtocolDefinition<Protocol> | undefined): Trace {
  const trace = loadTrace(path);
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

function printReport(path: string, trace: Trace, replay: ReplayResult, verdict: ReplayVerdict, io: CliIo): void {
  const config = replay.runCase.config;
  const out = (text: string) => io.stdout(`${text}\n`);
  out(
    `replay ${path}: ${config.cluster.kind === 'custom' ? `protocol ${config.cluster.name}` : config.cluster.kind}, ${config.world.nodeCount} nodes, mutants ${config.cluster.mutants.join(',') || 'none'}, world seed ${trace.worldSeed}, ${trace.schedule.length} scheduled faults${trace.aimed.length > 0 ? `, ${trace.aimed.length} aimed` : ''}, ${trace.workload.length} client operations`,
  );
  const events = replay.outcome.events.length;
  if (replay.divergence === null) {
    out(`events: ${events} replayed, identical to the ${trace.events.length} recorded${replay.digestMatches ? ' (step digest matches)' : ''}`);
  } else if (replay.mutantsChanged) {
    out(`events: differ from the recording from event #${replay.divergence.index}, as expected when the mutants change`);
  } else {
    out(`NONDETERMINISM: the replay diverged from the recorded run at event #${replay.divergence.index}`);
    out(`  recorded: ${replay.divergence.expected}`);
    out(`  replayed: ${replay.divergence.actual}`);
  }
  for (const violation of replay.outcome.violations) {
    const recorded = trace.verdict.violations.find((v) => v.property === violation.property);
    const same = recorded === undefined ? 'not in the recorded verdict' : recorded.step === violation.step ? 'same step as recorded' : `recorded at step ${recorded.step}`;
    out(`VIOLATION ${violation.property} at step ${violation.step} (tick ${violation.tick}): ${violation.message} [${same}]`);
  }
  out(`result: ${verdict}`);
}

function jsonReport(report: { path: string; trace: Trace; replay: ReplayResult; verdict: ReplayVerdict }) {
  return {
    trace: report.path,
    result: report.verdict,
    mutants: report.replay.runCase.config.cluster.mutants,
    violations: report.replay.outcome.violations,
    recordedViolations: report.trace.verdict.violations,
    divergence: report.replay.divergence,
    mutantsChanged: report.replay.mutantsChanged,
    events: report.replay.outcome.events.length,
    digestMatches: report.replay.digestMatches,
  };
}
