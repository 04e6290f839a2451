/**
 * Ctrl-C for a long command: the first interrupt (SIGINT, or SIGTERM as CI
 * runners send it) asks the work to stop as soon as it can and report what
 * it found so far; a second one ends the process at once. The work learns
 * of it through shared memory (gates on worker threads, which cannot see
 * signals) and an abort signal (work in this thread, or in a sandbox
 * process, which the parent tells).
 */
export interface Interrupt {
  /** Its first Int32 becomes non-zero on the first interrupt; see `GateOptions.interrupt`. */
  readonly flag: SharedArrayBuffer;
  /** Aborted on the first interrupt. */
  readonly signal: AbortSignal;
  /** Stops listening for signals; the command is done. */
  dispose(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Listens for interrupts while a command runs. `notice` is told, once, that
 * the work is stopping; a second interrupt ends the process with exit
 * status 3 (inconclusive: nothing was decided).
 */
export function listenForInterrupt(notice: (text: string) => void): Interrupt {
  const flag = new SharedArrayBuffer(4);
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) {
      notice('interrupted again: quitting without a summary\n');
      return process.exit(3);
    }
    Atomics.store(new Int32Array(flag), 0, 1);
    controller.abort();
    notice('interrupted: stopping after the current run, then printing what was found so far (Ctrl-C again to quit at once)\n');
  };
  for (const name of SIGNALS) process.on(name, onSignal);
  return {
    flag,
    signal: controller.signal,
    dispose: () => {
      for (const name of SIGNALS) process.off(name, onSignal);
    },
  };
}
