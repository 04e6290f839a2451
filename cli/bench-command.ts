import { FaultlineError } from '../model/faultline-error.js';
import { benchMutants } from '../properties/bench-mutants.js';
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
  const { values } = parseOptions('bench sim', args, { json: { type: 'boolean' }, ticks: { type: 'string' }, 'gate-seconds': { type: 'string' } } as const, { min: 0, max: 0, name: 'argument' });
  const ticks = intOption('ticks', values.ticks, 2_000_000, 1_000);
  const gateSeconds = intOption('gate-seconds', values['gate-seconds'], 10, 1, 600);
  const result = benchSim({ repetitions: 5, ticks, gateSeconds });
  if (values.json === true) {
    io.stdout(`${JSON.stringify({ bench: 'sim', ticks, ...result })}\n`);
    return EXIT.held;
  }
  io.stdout(`simulator, ${result.nodeCount}-node single-leader cluster, no faults, ${ticks} ticks per repetition, median of ${result.repetitions}, one thread:\n`);
  io.stdout(`  ${result.deliveriesPerSecond.toLocaleString('en-US')} message deliveries per second (${result.deliveriesPerRepetition.toLocaleString('en-US')} per repetition)\n`);
  io.stdout(`  ${result.stepsPerSecond.toLocaleString('en-US')} world steps per second (deliveries, timers, faults)\n`);
  io.stdout(`gate, generated fault schedules, ${result.gateSeconds}s budget, one thread:\n  ${result.gateRunsPerSecond.toLocaleString('en-US')} runs per second (${result.gateRuns.toLocaleString('en-US')} runs in ${result.gateElapsedSeconds.toFixed(2)}s)\n`);
  return EXIT.held;
}

async function benchMutantsCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('bench mutants', args, { json: { type: 'boolean' }, seeds: { type: 'string' }, 'time-budget': { type: 'string' } } as const, { min: 0, max: 0, name: 'argument' });
  const seeds = intOption('seeds', values.seeds, 5, 1, 100);
  const budgetSeconds = intOption('time-budget', values['time-budget'], 60, 1, 3600);
  const rows = benchMutants({ seeds, budgetSeconds });
  if (values.json === true) {
    io.stdout(`${JSON.stringify({ bench: 'mutants', seeds, budgetSeconds, mutants: rows })}\n`);
    return EXIT.held;
  }
  io.stdout(`time to catch and shrink each mutant, seeds 1..${seeds}, budget ${budgetSeconds}s each:\n`);
  for (const row of rows) {
    const median = row.medianSeconds === null ? '-' : `${row.medianSeconds.toFixed(2)}s`;
    const max = row.maxSeconds === null ? '-' : `${row.maxSeconds.toFixed(2)}s`;
    io.stdout(`  ${row.mutant.padEnd(22)} caught ${row.caught}/${row.seeds} as ${row.caughtAs}; median ${median}, max ${max}, median runs ${row.medianRuns ?? '-'}\n`);
  }
  return EXIT.held;
}
