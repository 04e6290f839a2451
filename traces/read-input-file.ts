import { readFileSync } from 'node:fs';
import { FaultlineError } from '../model/faultline-error.js';

/**
 * Reads a file a user named (a trace, a history, a counterexample) as text.
 * A missing or unreadable file becomes a one-line FaultlineError that says
 * what kind of file was expected and which one it was.
 */
export function readInputFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw inputFileError(error, path, what);
  }
}

/** The one-line error for a file system failure on a file the user named: missing, or unreadable and why. */
export function inputFileError(error: unknown, path: string, what: string): FaultlineError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new FaultlineError('file-missing', `no such ${what} file`, { file: path });
  return new FaultlineError('file-unreadable', `cannot read the ${what} file (${code ?? 'error'})`, { file: path });
}
