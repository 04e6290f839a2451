import { escapeControlCharacters } from './escape-control-characters.js';

/**
 * Stable error codes. A user-facing failure is one of these, printed as one
 * line; the CLI maps every code here to exit status 2 (bad input or usage).
 */
export type FaultlineErrorCode =
  | 'usage'
  | 'file-missing'
  | 'file-unreadable'
  | 'too-large'
  | 'not-json'
  | 'schema'
  | 'format-version'
  | 'unknown-mutant'
  | 'unknown-scheduler'
  | 'unknown-protocol'
  | 'not-pure'
  | 'parse'
  | 'trace-exists'
  | 'write-failed';

/**
 * One error class for every expected failure. It carries a stable code and
 * key=value details so that scripts can match on it and people can act on it.
 */
export class FaultlineError extends Error {
  readonly code: FaultlineErrorCode;
  readonly details: Readonly<Record<string, string | number>>;

  constructor(code: FaultlineErrorCode, message: string, details: Record<string, string | number> = {}) {
    super(message);
    this.name = 'FaultlineError';
    this.code = code;
    this.details = details;
  }

  /**
   * The single line shown to a user: code, message, then the details. Line
   * breaks in the message become spaces; every other control character (one
   * quoted from a file, say) is escaped, so the line cannot be made to look
   * like another.
   */
  oneLine(): string {
    const extra = Object.entries(this.details)
      .map(([key, value]) => `${key}=${typeof value === 'string' && /\s/.test(value) ? JSON.stringify(value) : value}`)
      .join(' ');
    const text = `faultline: ${this.code}: ${this.message}${extra ? ` (${extra})` : ''}`;
    return escapeControlCharacters(text.replace(/\s*\n\s*/g, ' '));
  }
}
