import { FaultlineError } from '../model/faultline-error.js';
import { findMutant } from '../impl/mutants.js';
import { benchMutants } from '../properties/bench-mutants.js';
import { traceFromFailure } from '../properties/trace-from-run.js';
import { checkOutputFolder } from '../traces/write-new-file.js';
import { writeTrace } from '../traces/write-trace.js';
import { benchSim } from '../properties/bench-sim.js';
import { EXIT, type CliIo } from './cli-io.js';
import { intOption, parseOptions } from './parse-options.js';

/**
 * `faultline bench lin|sim|mutants|replay`: measurements, printed as figures (or
 * one JSON object with --json). Figures are what this machine did, with the
 * settings printed beside them.
 */
export async function benchCommand(args: string[], io: CliIo): Promise<number> {
  const [what, ...rest] = args;
  switch (what) {
    case 'lin': {
      const { benchLinCommand } = await import('./bench-lin-command.js');
      return benchLinCommand(rest, io);
    }
    case 'sim':
      return benchSimCommand(rest, io);
    case 'mutants':
      return benchMutantsCommand(rest, io);
    case 'replay': {
      const { benchReplayCommand } = await import('./bench-replay-command.js');
      return benchReplayCommand(rest, io);
    }
    default:
      throw new FaultlineError('usage', `bench needs one of lin, sim, mutants, replay${what === undefined ? '' : `, not ${JSON.stringify(what)}`}`);
  }
}

async function benchSimCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('bench sim', args, { json: { type: 'boolean' }, ticks: { type: 'string' }, 'gate-seconds': { type: 'string' }, workers: { type: 'string' } } as const, { min: 0, max: 0, name: 'argument' });
  const ticks = intOption('ticks', values.ticks, 2_000_000, 1_000);
  const gateSeconds = intOption('gate-seconds', values['gate-seconds'], 10, 1, 600);
  const gateWorkers = intOption('workers', values.workers, 1, 1, 64);
  const result = await benchSim({ repetitions: 5, ticks, gateSeconds, gateWorkers });
  if (values.json === true) {
    io.stdout(`${JSON.stringify({ bench: 'sim', ticks, ...result })}\n`);
    return EXIT.held;
  }
  io.stdout(`simulator, ${result.nodeCount}-node single-leader cluster, no faults, ${ticks} ticks per repetition, median of ${result.repetitions}, one thread:\n`);
  io.stdout(`  ${result.deliveriesPerSecond.toLocaleString('en-US')} message deliveries per second (${result.deliveriesPerRepetition.toLocaleString('en-US')} per repetition)\n`);
  io.stdout(`  ${result.stepsPerSecond.toLocaleString('en-US')} world steps per second (deliveries, timers, faults)\n`);
  io.stdout(`  ${result.contentDigestDeliveriesPerSecond.toLocaleString('en-US')} message deliveries per second with the digest over message contents (traces, replay, --check-determinism)\n`);
  io.stdout(`gate, generated fault schedules, ${result.gateSeconds}s budget, ${result.gateWorkers === 1 ? 'one thread' : `${result.gateWorkers} worker threads`}:\n  ${result.gateRunsPerSecond.toLocaleString('en-US')} runs per second (${result.gateRuns.toLocaleString('en-US')} runs in ${result.gateElapsedSeconds.toFixed(2)}s)\n`);
  return EXIT.held;
}

async function benchMutantsCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(
    'bench mutants',
    args,
    { json: { type: 'boolean' }, seeds: { type: 'string' }, 'time-budget': { type: 'string' }, mutant: { type: 'string', multiple: true }, 'write-regressions': { type: 'string' } } as const,
    { min: 0, max: 0, name: 'argument' },
  );
  const seeds = intOption('seeds', values.seeds, 5, 1, 100);
  const budgetSeconds = intOption('time-budget', values['time-budget'], 60, 1, 3600);
  const unknown = (values.mutant ?? []).find((name) => findMutant(name) === undefined);
  if (unknown !== undefined) throw new FaultlineError('unknown-mutant', `unknown mutant ${JSON.stringify(unknown)}; see faultline mutants`);
  const regressions = values['write-regressions'];
  if (regressions !== undefined) checkOutputFolder(regressions);
  const written = new Set<string>();
  const rows = await benchMutants({
    seeds,
    budgetSeconds,
    only: values.mutant,
    // The first seed that catches a mutant leaves its shrunk trace, named after the mutant, as the regression trace.
    onCaught: (mutant, seed, failure) => {
      if (regressions === undefined || written.has(mutant.name)) return;
      written.add(mutant.name);
      const trace = traceFromFailure(failure, seed, `npx faultline check --cluster ${mutant.cluster} --mutant ${mutant.name} --seed ${seed} --time-budget ${budgetSeconds}`);
      writeTrace(regressions, mutant.name, trace);
    },
  });
  if (values.json === true) {
    io.stdout(`${JSON.stringify({ bench: 'mutants', seeds, budgetSeconds, mutants: rows })}\n`);
    return EXIT.held;
  }
  io.stdout(`time to the first failure of each mutant (before shrinking), seeds 1..${seeds}, budget ${budgetSeconds}s each:\n`);
  for (const row of rows) {
    const seconds = (value: number | null) => (value === null ? '-' : `${value.toFixed(2)}s`);
    io.stdout(
      `  ${row.mutant.padEnd(26)} caught ${row.caught}/${row.seeds}; median ${seconds(row.medianSeconds)}, max ${seconds(row.maxSeconds)}, median runs ${row.medianRuns ?? '-'}, shrunk to ${row.medianShrunkSteps ?? '-'} steps (max ${row.maxShrunkSteps ?? '-'})\n`,
    );
  }
  return EXIT.held;
}
