import { escapeControlCharacters } from '../model/escape-control-characters.js';
import type { CliIo } from './cli-io.js';

/** What the progress bar itself writes around a redrawn line: a carriage return first, erase-to-end-of-line last. */
const REDRAW_START = '\r';
const ERASE_TO_END = '\u001b[K';

/**
 * Escapes every control character but newline and tab in what `text` holds,
 * except a carriage return that starts it and an erase-to-end-of-line that
 * ends it (the two a progress bar needs, harmless there). Strings from files
 * (scheduler names, messages, labels) are printed inside faultline's own
 * lines, so none of them can move the cursor, erase or rewrite a line.
 */
export function terminalSafe(text: string): string {
  const start = text.startsWith(REDRAW_START) ? REDRAW_START : '';
  const end = text.endsWith(ERASE_TO_END) && text.length >= start.length + ERASE_TO_END.length ? ERASE_TO_END : '';
  return `${start}${escapeControlCharacters(text.slice(start.length, text.length - end.length), '\n\t')}${end}`;
}

/** `io` with everything it writes made terminal-safe (see `terminalSafe`). */
export function terminalSafeIo(io: CliIo): CliIo {
  return { ...io, stdout: (text) => io.stdout(terminalSafe(text)), stderr: (text) => io.stderr(terminalSafe(text)) };
}
