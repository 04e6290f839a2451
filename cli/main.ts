import { FaultlineError } from '../model/faultline-error.js';
import { EXIT, type CliIo } from './cli-io.js';

type Command = (args: string[], io: CliIo) => Promise<number>;

/**
 * The command table. Each entry loads its module on demand so that a quick
 * command such as `mutants` does not pay for loading the simulator.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  check: { summary: 'run the correctness gate under generated fault schedules', load: async () => (await import('./check-command.js')).checkCommand },
  replay: { summary: 're-execute traces and report the same violations', load: async () => (await import('./replay-command.js')).replayCommand },
  lin: { summary: 'check a recorded history for linearizability', load: async () => (await import('./lin-command.js')).linCommand },
  mutants: { summary: 'list the planted bugs the gate must catch', load: async () => (await import('./mutants-command.js')).mutantsCommand },
  schedulers: { summary: 'list the built-in scheduler variants, or compare them (--compare)', load: async () => (await import('./schedulers-command.js')).schedulersCommand },
  view: { summary: 'write a trace as one offline HTML page (a timeline of nodes, faults and clients)', load: async () => (await import('./view-command.js')).viewCommand },
  merge: { summary: 'combine the check --json results of CI shards into one verdict and JUnit report', load: async () => (await import('./merge-command.js')).mergeCommand },
  bench: { summary: 'measure the checker, the simulator, the mutant catch times or a trace replay (bench lin|sim|mutants|replay)', load: async () => (await import('./bench-command.js')).benchCommand },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`);
  return `usage: faultline <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

/**
 * Runs one CLI invocation and returns its exit status. Expected failures
 * (bad input, usage) print one line and return 2; anything else is a bug in
 * faultline and is reported as such, still on one line, also with status 2.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? EXIT.badInput : EXIT.held;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`faultline: usage: unknown command ${JSON.stringify(name)} (commands: ${Object.keys(COMMANDS).join(', ')})\n`);
    return EXIT.badInput;
  }
  try {
    const command = await entry.load();
    return await command(rest, io);
  } catch (error) {
    if (error instanceof FaultlineError) {
      io.stderr(`${error.oneLine()}\n`);
      return EXIT.badInput;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`faultline: internal error: ${message.split('\n')[0]} (please report this with the command you ran)\n`);
    if (process.env.FAULTLINE_DEBUG) io.stderr(`${error instanceof Error ? error.stack : ''}\n`);
    return EXIT.badInput;
  }
}
