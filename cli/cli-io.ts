/**
 * Where a command writes. The binary passes the process streams; tests pass
 * buffers, so every command runs in-process exactly as a user would run it.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stdout is a terminal: `check` then draws a progress bar. */
  isTTY: boolean;
}

/** Exit statuses shared by every command (see DESIGN.md). */
export const EXIT = {
  held: 0,
  violated: 1,
  badInput: 2,
  inconclusive: 3,
} as const;
