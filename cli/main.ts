import { escapeControlCharacters } from '../model/escape-control-characters.js';
import { FaultlineError } from '../model/faultline-error.js';
import { EXIT, type CliIo } from './cli-io.js';
import { terminalSafeIo } from './terminal-safe-io.js';

type Command = (args: string[], io: CliIo) => Promise<number>;

interface CommandEntry {
  readonly summary: string;
  /** What `faultline COMMAND --help` prints: the synopsis and one line per option. */
  readonly usage: string;
  readonly load: () => Promise<Command>;
}

/**
 * The command table. Each entry loads its module on demand so that a quick
 * command such as `mutants` does not pay for loading the simulator.
 */
const COMMANDS: Record<string, CommandEntry> = {
  check: {
    summary: 'run the correctness gate under generated fault schedules',
    usage: `faultline check [--cluster single-leader|leaderless|all] [--mutant NAME] [--runs N] [--time-budget SECONDS]
                [--seed N] [--workers N] [--shard K/N] [--check-determinism] [--traces-dir DIR] [--junit FILE] [--json]
faultline check --scheduler NAME|PATH [--nodes NODES.csv --pods PODS.csv] [--runs N] [--time-budget SECONDS]
                [--seed N] [--traces-dir DIR] [--junit FILE] [--json]

  --cluster        which cluster to check (default all: every cluster that is built)
  --mutant         switch on a planted bug (faultline mutants lists them); not with --scheduler
  --scheduler      check a scheduler: a built-in's name or a .ts/.js module; not with --mutant, --workers, --cluster,
                   --shard, --check-determinism
  --nodes, --pods  with --scheduler: draw node sizes and demands from an openb node list and pod list
  --runs           stop after N runs (default: as many as the budget allows)
  --time-budget    seconds for the whole check, start-up included (default 30)
  --seed           the seed; the same seed gives the same runs and the same trace
  --workers        threads that share the runs, at most one per core; the result does not depend on it
  --shard          make only shard K of N of the seed's runs (one per CI machine; faultline merge combines them)
  --check-determinism  run every run twice and report one whose two executions differ
  --traces-dir     where shrunk failures are written (default faultline-traces); checked before the run
  --junit          write a JUnit XML report to FILE, which must not exist yet
  --json           print one JSON object on stdout, progress on stderr

Exit status: 0 held, 1 violated, 2 usage error or bad input, 3 inconclusive; 130 after Ctrl-C (SIGINT), 143 after
SIGTERM, with the summary so far and every trace already found.`,
    load: async () => (await import('./check-command.js')).checkCommand,
  },
  replay: {
    summary: 're-execute traces and report the same violations',
    usage: `faultline replay TRACE.json... [--mutant NAME|none] [--scheduler PATH | --protocol PATH] [--check-minimal] [--json]

  TRACE.json   a cluster trace or a scheduler counterexample written by faultline check, or a trace of a user's
               protocol written by its protocolCheck
  --mutant     replay with this mutant instead of the recorded ones (none: the correct implementation); cluster traces only
  --scheduler  the scheduler module a trace or counterexample made with a user's scheduler needs: faultline never
               loads code named inside a file; a module whose source differs from the recorded one is reported
  --protocol   the module whose default export (made with defineProtocol) is the user's protocol a trace is of
  --check-minimal  also check the trace is 1-minimal: removing any one fault or client operation loses the violation
  --json       print one JSON object

Exit status: 0 held, 1 violated, 2 usage error or bad input, 3 the replay diverged from the recording.`,
    load: async () => (await import('./replay-command.js')).replayCommand,
  },
  lin: {
    summary: 'check a recorded history for linearizability',
    usage: `faultline lin HISTORY [--model register|kv|ledger|ledger-may-refuse]
              [--format auto|porcupine-etcd|porcupine-kv|jepsen-edn|faultline]
              [--timeout-ms N] [--max-memory MB] [--nodes n1=4000m/8192Mi,...] [--html FILE] [--json]

  --model       the sequential specification (inferred from the history when it can be)
  --format      the history's format (default auto: detected from the start of the file)
  --timeout-ms  time limit for reading and checking (default 60000); reaching it answers unknown
  --max-memory  memory limit in MB for the whole process; reaching it answers unknown
  --nodes       the ledger models' nodes and capacities
  --html        write an offline HTML view to FILE, which must not exist yet
  --json        print one JSON object

Exit status: 0 linearizable, 1 not linearizable, 2 usage error or bad input, 3 unknown or nothing to check.`,
    load: async () => (await import('./lin-command.js')).linCommand,
  },
  mutants: {
    summary: 'list the planted bugs the gate must catch',
    usage: `faultline mutants [--json]

  --json  print one JSON object

Exit status: 0 listed, 2 usage error.`,
    load: async () => (await import('./mutants-command.js')).mutantsCommand,
  },
  schedulers: {
    summary: 'list the built-in scheduler variants, or compare them (--compare)',
    usage: `faultline schedulers [--compare] [--seed N] [--workloads N] [--json]
faultline schedulers [--compare] --nodes NODES.csv --pods PODS.csv [--mode fill|replay] [--fill-to PERCENT] [--shuffle]
                     [--seed N] [--scheduler NAME|PATH]... [--html FILE] [--json]

  --compare    quality figures of every built-in on the same generated workloads
  --seed       the workloads' seed (with --compare, or with --fill-to/--shuffle)
  --workloads  how many generated workloads --compare runs (default 200)
  --nodes, --pods  replay an openb node list and pod list against the schedulers
  --mode       fill (every pod in creation order, none removed) or replay (creation and deletion times)
  --fill-to    with --mode fill: draw extra pods until GPU demand reaches PERCENT of capacity
  --shuffle    with --mode fill: shuffle the arrivals
  --scheduler  a built-in's name or a module file (repeatable; default every built-in)
  --html       write the plots to FILE, which must not exist yet
  --json       print one JSON object

Exit status: 0 held, 1 a scheduler named with --scheduler broke a law, 2 usage error or bad input.`,
    load: async () => (await import('./schedulers-command.js')).schedulersCommand,
  },
  view: {
    summary: 'write a trace as one offline HTML page (a timeline of nodes, faults and clients)',
    usage: `faultline view TRACE.json -o FILE.html

  TRACE.json  a cluster trace written by faultline check
  -o, --output  the page to write, which must not exist yet; it loads nothing from the network

Exit status: 0 written, 2 usage error or bad input.`,
    load: async () => (await import('./view-command.js')).viewCommand,
  },
  merge: {
    summary: 'combine the check --json results of CI shards into one verdict and JUnit report',
    usage: `faultline merge RESULT.json... [--junit FILE] [--json]

  RESULT.json  the output of faultline check --json --shard K/N, one per shard, every shard once
  --junit      write one JUnit XML report to FILE, which must not exist yet
  --json       print one JSON object

Exit status: 0 held, 1 violated, 2 usage error or bad input, 3 inconclusive.`,
    load: async () => (await import('./merge-command.js')).mergeCommand,
  },
  compare: {
    summary: 'run the single-leader and leaderless clusters on the same cases and compare them',
    usage: `faultline compare [--runs N] [--seed S] [--node-count N] [--json] [--html FILE]

Runs the single-leader and the leaderless cluster on the same generated cases
(one world seed, one schedule of timed faults and one client workload each)
and reports, per cluster: availability (all requests, those made during a
partition, those made just after the leader or coordinator crashed), latency
in ticks (median, p99), submits rejected while capacity was free somewhere,
messages per request, and recovery time after a crash of the leader or
coordinator, each with the count it rests on.

  --runs N        cases to generate (default 200); each runs once on each cluster
  --seed S        the seed the cases come from (default 1): the same seed gives the same figures
  --node-count N  nodes per cluster, 3 to 9 (default 5)
  --json          print one JSON object instead of the table (progress goes to stderr)
  --html FILE     also write one offline page with the table and plots of availability
                  and latency over time, faults shaded; never over an existing file

Exit status: 0 the comparison ran (it is a report, not a check: a run that
broke a property is reported in the table and the JSON, not by the status);
2 usage error or bad input (one line naming the problem).`,
    load: async () => (await import('./compare-command.js')).compareCommand,
  },
  bench: {
    summary: 'measure the checker, the simulator, the mutant catch times or a trace replay (bench lin|sim|mutants|replay)',
    usage: `faultline bench lin --corpus DIR [--timeout-ms N] [--max-memory MB] [--json]
faultline bench lin --generate [--sizes N,...] [--seed N] [--out DIR] [--runs N] [--json]
faultline bench sim [--ticks N] [--gate-seconds N] [--json]
faultline bench mutants [--seeds N] [--time-budget SECONDS] [--mutant NAME]... [--write-regressions DIR] [--json]
faultline bench replay [--nodes NODES.csv --pods PODS.csv] [--mode fill|replay] [--fill-to PERCENT] [--shuffle]
                       [--seed N] [--scheduler NAME|PATH]... [--repeat N] [--json]

Exit status: 0 measured, 2 usage error or bad input, 3 nothing to measure (an empty corpus).`,
    load: async () => (await import('./bench-command.js')).benchCommand,
  },
};

function overview(): string {
  const lines = Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`);
  return `usage: faultline <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nfaultline <command> --help shows a command's options.\n`;
}

const HELP = ['--help', '-h'];

/**
 * Runs one CLI invocation and returns its exit status. Expected failures
 * (bad input, usage) print one line and return 2; anything else is a bug in
 * faultline and is reported as such, still on one line, also with status 2.
 * Everything printed is made terminal-safe first: strings from files cannot
 * move the cursor or start a line of their own.
 */
export async function main(argv: string[], rawIo: CliIo): Promise<number> {
  const io = terminalSafeIo(rawIo);
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(overview());
    return EXIT.badInput;
  }
  if (HELP.includes(name) || name === 'help') {
    const entry = rest[0] === undefined ? undefined : COMMANDS[rest[0]];
    io.stdout(entry === undefined ? overview() : `usage: ${entry.usage}\n`);
    return EXIT.held;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`faultline: usage: unknown command ${JSON.stringify(name)} (commands: ${Object.keys(COMMANDS).join(', ')})\n`);
    return EXIT.badInput;
  }
  if (rest.some((arg) => HELP.includes(arg))) {
    io.stdout(`usage: ${entry.usage}\n`);
    return EXIT.held;
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
    io.stderr(`faultline: internal error: ${escapeControlCharacters(message.split('\n')[0] ?? '')} (please report this with the command you ran)\n`);
    if (process.env.FAULTLINE_DEBUG) io.stderr(`${error instanceof Error ? error.stack : ''}\n`);
    return EXIT.badInput;
  }
}
