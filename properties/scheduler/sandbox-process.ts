import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Readable, Writable } from 'node:stream';
import { build } from 'esbuild';
import type { SandboxStart } from './sandbox-child.js';

/**
 * The sandbox process's first code, given on the command line: it waits for
 * the program and the work, leaves the work where the program finds it, and
 * imports the program. Both arrive as one message, so that the process reads
 * no file at all.
 */
const BOOTSTRAP = `
process.once('message', (message) => {
  globalThis[Symbol.for('faultline.sandbox.start')] = message.start;
  import('data:text/javascript;base64,' + message.program).catch((error) => {
    process.send({ kind: 'load-failed', reason: 'import-failed', message: String((error && error.message) || error).split('\\n')[0] });
  });
});
`;

/** Node's permission model: its stable name from Node 22.13 on, its experimental one on Node 20. */
const PERMISSION_FLAG = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';

const programs = new Map<string, Promise<string>>();

/**
 * One of faultline's own sandbox programs (a module beside its caller, run
 * from the sources or compiled), bundled into one ES module, base64-encoded,
 * once per process: the sandbox process can read no file, so it cannot
 * import faultline's modules one by one, nor compile TypeScript.
 */
export function sandboxProgram(entryUrl: URL): Promise<string> {
  const entry = fileURLToPath(entryUrl);
  let program = programs.get(entry);
  if (program === undefined) {
    program = build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent' }).then((result) =>
      Buffer.from(result.outputFiles[0]?.text ?? '').toString('base64'),
    );
    programs.set(entry, program);
  }
  return program;
}

export interface SandboxProcessOptions<W> {
  /** The program, from `sandboxProgram`. */
  readonly program: string;
  readonly start: SandboxStart<W>;
  /** The process's heap limit: a scheduler that allocates without end runs out of it instead of taking the machine's memory. */
  readonly heapMb: number;
  /** How long the process may stay silent; `SANDBOX_SILENCE_LIMIT_MS` when absent (tests make it short). */
  readonly silenceLimitMs?: number;
}

/**
 * How long a sandbox process may go without a word (a message, or its
 * watchdog's heartbeat every second) before its parent gives up on it. A
 * slow scheduler does not trip it: the heartbeat comes from another thread.
 */
export const SANDBOX_SILENCE_LIMIT_MS = 30_000;

let started = 0;
let running = 0;

/**
 * How many sandbox processes this process has started, and how many of them
 * have not ended yet: a check that returns with one still running would
 * keep faultline from exiting (tests look at this).
 */
export function sandboxProcessCounts(): { readonly started: number; readonly running: number } {
  return { started, running };
}

/** A running sandbox process, as its parent sees it. */
export interface SandboxProcess {
  readonly child: ChildProcess;
  /** Resolves when the watchdog reports a scheduler call past its limit. */
  readonly hung: Promise<void>;
  /**
   * Resolves when the process has said nothing for `SANDBOX_SILENCE_LIMIT_MS`
   * (then it is stopped), with whether it had said anything at all before:
   * a process that never got going is worth starting again.
   */
  readonly silent: Promise<{ readonly heardBefore: boolean }>;
  /** Resolves when the process has ended, with why, and the last of what it wrote on stderr (a crash's reason). */
  readonly ended: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly stderr: string }>;
  /** Asks the work to stop as soon as it can and report what it has (Ctrl-C). */
  interrupt(): void;
  /** Ends the process at once. */
  kill(): void;
}

/**
 * Starts a sandbox process: Node under its permission model, with no file
 * it may read or write, no process or addon it may start, only the watchdog
 * worker it may create (the program takes that right away from the
 * scheduler), an empty environment (a scheduler cannot read the user's
 * secrets, to print them), and the network guarded by the program. Its
 * console output is discarded, so it cannot disturb the report.
 */
export function spawnSandboxProcess<W>(options: SandboxProcessOptions<W>): SandboxProcess {
  const child = spawn(process.execPath, [PERMISSION_FLAG, '--allow-worker', `--max-old-space-size=${options.heapMb}`, '-e', BOOTSTRAP], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc', 'pipe'],
    serialization: 'advanced',
    env: {},
  });
  started += 1;
  running += 1;
  (child.stdout as Readable).resume();
  let stderr = '';
  (child.stderr as Readable).on('data', (chunk: Buffer) => {
    stderr = `${stderr}${chunk.toString()}`.slice(-4096);
  });
  const channel = child.stdio[4] as unknown as Readable & Writable;
  channel.on('error', () => {});
  let lastHeard = performance.now();
  let heard = false;
  const hear = () => {
    lastHeard = performance.now();
    heard = true;
  };
  const hung = new Promise<void>((resolve) =>
    channel.on('data', (data: Buffer) => {
      hear();
      if (String(data).includes('hung')) resolve();
    }),
  );
  child.on('message', hear);
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => {
      running -= 1;
      resolve({ code, signal, stderr });
    }),
  );
  // Node's own IPC has been seen to leave a started process waiting for a message that was sent (rarely, on a loaded machine): without this the parent would wait for ever.
  const silent = new Promise<{ heardBefore: boolean }>((resolve) => {
    const watch = setInterval(() => {
      if (performance.now() - lastHeard < (options.silenceLimitMs ?? SANDBOX_SILENCE_LIMIT_MS)) return;
      clearInterval(watch);
      child.kill('SIGKILL');
      resolve({ heardBefore: heard });
    }, Math.min(1_000, options.silenceLimitMs ?? 1_000));
    watch.unref();
    void ended.then(() => clearInterval(watch));
  });
  child.on('error', () => {});
  child.send({ program: options.program, start: options.start });
  return {
    child,
    hung,
    silent,
    ended,
    interrupt: () => void channel.write('stop\n'),
    kill: () => void child.kill('SIGKILL'),
  };
}
