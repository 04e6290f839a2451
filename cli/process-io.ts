import type { Writable } from 'node:stream';
import { EXIT, type CliIo } from './cli-io.js';

/** One of the process's output streams, and what became of writing to it. */
interface Output {
  readonly name: 'stdout' | 'stderr';
  readonly stream: Writable;
  /** The reader went away (a closed pipe): the rest of the output is dropped, quietly. */
  closed: boolean;
  /** Any other failure (a full disk, an I/O error): the command still runs, and ends with exit 2. */
  failure: string | undefined;
}

function output(name: 'stdout' | 'stderr', stream: Writable): Output {
  const out: Output = { name, stream, closed: false, failure: undefined };
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') out.closed = true;
    else out.failure ??= error.code ?? error.message;
  });
  return out;
}

function write(out: Output, text: string): void {
  if (out.closed || out.failure !== undefined || out.stream.destroyed) return;
  out.stream.write(text);
}

/** Resolves once everything written so far has reached the stream (or failed to). */
function flushed(out: Output): Promise<void> {
  if (out.closed || out.failure !== undefined || out.stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => out.stream.write('', () => resolve()));
}

/**
 * The process's stdout and stderr as a CliIo, so that a failed write never
 * ends in a stack trace or an exit status that means "violated". A reader
 * that goes away (`faultline check | head -1`) is not an error: what is left
 * to print is dropped, the command runs to its end, and the exit status is
 * still its verdict. Any other write error (`> /dev/full`) is one line on
 * stderr and exit 2, once the command has done its work (traces it wrote
 * stay written).
 */
export function processIo(): CliIo & { settle(code: number): Promise<number> } {
  const stdout = output('stdout', process.stdout);
  const stderr = output('stderr', process.stderr);
  return {
    stdout: (text) => write(stdout, text),
    stderr: (text) => write(stderr, text),
    isTTY: Boolean(process.stdout.isTTY),
    async settle(code) {
      await Promise.all([flushed(stdout), flushed(stderr)]);
      const failed = [stdout, stderr].find((out) => out.failure !== undefined);
      if (failed === undefined) return code;
      write(stderr, `faultline: write-failed: cannot write to ${failed.name} (${failed.failure}); the output is incomplete\n`);
      await flushed(stderr);
      return EXIT.badInput;
    },
  };
}
