import { FaultlineError } from '../model/faultline-error.js';
import { EXIT, type CliIo } from './cli-io.js';

/**
 * Writes an output file (a report, a page) once the verdict is known. Its
 * path was checked before the run, so a failure here is rare (the disk
 * filled up meanwhile): it is one line on stderr, and the verdict, already
 * printed or about to be, still stands. Returns false when the file could
 * not be written.
 */
export function writeAfterRun(io: CliIo, write: () => void): boolean {
  try {
    write();
    return true;
  } catch (error) {
    if (!(error instanceof FaultlineError)) throw error;
    io.stderr(`${error.oneLine()}\n`);
    return false;
  }
}

/**
 * The exit status of a command whose verdict is `verdict` when an output it
 * was asked for could not be written: a violation is still 1 (the verdict
 * comes first), anything else becomes 2, so that CI notices the missing file.
 */
export function exitAfterOutputFailure(verdict: number, outputFailed: boolean): number {
  return outputFailed && verdict !== EXIT.violated ? EXIT.badInput : verdict;
}

/**
 * Writes a failure's trace (or counterexample) with `write`, which returns
 * its path; null when it could not be written, in which case the error is
 * one line on stderr and the caller reports the violation all the same,
 * with the command that finds it again.
 */
export function writeTraceAfterRun(io: CliIo, write: () => string): string | null {
  let path: string | null = null;
  return writeAfterRun(io, () => (path = write())) ? path : null;
}
