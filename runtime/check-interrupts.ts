/**
 * Interrupts during `faultline check`. The first SIGINT (Ctrl-C) or SIGTERM
 * aborts the gate: runs under way finish, a failure already found is kept as
 * far as it was shrunk and written, and the command prints its summary so
 * far and exits with 128 + the signal's number (130, 143), as a shell
 * reports a process a signal ended. A second signal exits at once. Either way
 * no file is left half-written: faultline writes each file synchronously to a
 * temporary name and links it into place, and a signal handler only runs
 * between synchronous steps, never inside one.
 */

export type CheckSignal = 'SIGINT' | 'SIGTERM';

const EXIT_STATUS: Readonly<Record<CheckSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

export interface CheckInterrupts {
  /** Aborted, with the signal's name as its reason, at the first signal. */
  readonly signal: AbortSignal;
  /** The first signal received, or null. */
  received(): CheckSignal | null;
  /** 130 or 143 once a signal was received, else null. */
  exitCode(): number | null;
  /** Stops listening; signals then have Node's default effect again. */
  dispose(): void;
}

/** Listens for SIGINT and SIGTERM until disposed; `onFirst` hears about the first one (to say what happens next). */
export function watchCheckInterrupts(onFirst: (signal: CheckSignal) => void): CheckInterrupts {
  const controller = new AbortController();
  let first: CheckSignal | null = null;
  const handle = (signal: CheckSignal) => {
    if (first !== null) process.exit(EXIT_STATUS[signal]);
    first = signal;
    onFirst(signal);
    controller.abort(signal);
  };
  const onInt = () => handle('SIGINT');
  const onTerm = () => handle('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    received: () => first,
    exitCode: () => (first === null ? null : EXIT_STATUS[first]),
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
