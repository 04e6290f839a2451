import { readFileSync, statSync } from 'node:fs';
import { FaultlineError } from '../model/faultline-error.js';

/**
 * Reads a file a user named (a trace, a history, a counterexample) as text.
 * A missing or unreadable file, or one larger than `maxBytes` (read before
 * any of it is), becomes a one-line FaultlineError that says what kind of
 * file was expected and which one it was.
 */
export function readInputFile(path: string, what: string, maxBytes = Number.POSITIVE_INFINITY): string {
  try {
    const bytes = statSync(path).size;
    if (bytes > maxBytes) {
      throw new FaultlineError('too-large', `the ${what} file is ${mebibytes(bytes)}, more than the ${mebibytes(maxBytes)} faultline reads`, { file: path });
    }
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof FaultlineError) throw error;
    throw inputFileError(error, path, what);
  }
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MiB`;
}

/** Reads a file a user named (see `readInputFile`) and parses it as JSON; text that is not JSON is a one-line `not-json` error. */
export function readJsonFile(path: string, what: string, maxBytes?: number): unknown {
  const text = readInputFile(path, what, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FaultlineError('not-json', `the ${what} file is not JSON: ${reason}`, { file: path });
  }
}

/** The one-line error for a file system failure on a file the user named: missing, or unreadable and why. */
export function inputFileError(error: unknown, path: string, what: string): FaultlineError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new FaultlineError('file-missing', `no such ${what} file`, { file: path });
  return new FaultlineError('file-unreadable', `cannot read the ${what} file (${code ?? 'error'})`, { file: path });
}
