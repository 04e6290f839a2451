import { parse } from 'csv-parse/sync';
import { FaultlineError } from '../../model/faultline-error.js';

/** One data row of a CSV file, by column name, with the line it ends on. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * Splits a CSV text with a header row into records, with csv-parse (quoted
 * fields, CRLF and blank lines handled). A malformed row, or a header
 * without one of the `required` columns, is a one-line `parse` error naming
 * the file and the line.
 */
export function csvRecords(text: string, file: string, required: readonly string[]): readonly CsvRecord[] {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true }) as typeof rows;
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    const message = error instanceof Error ? error.message.replace(/ on line \d+$/, '') : String(error);
    throw new FaultlineError('parse', `not a well-formed CSV row: ${message}`, typeof line === 'number' ? { file, line } : { file });
  }
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  const columns = header.split(',').map((c) => c.trim().replace(/^\uFEFF/, ''));
  const missing = required.filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    throw new FaultlineError('parse', `the header lacks the column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`, { file, line: 1 });
  }
  return rows.map(({ record, info }) => ({ line: info.lines, fields: record }));
}

/** Reads a whole number ≥ 0 from a field, or fails naming the file, line and column. */
export function wholeField(record: CsvRecord, file: string, column: string, options: { readonly max?: number; readonly emptyAs?: number } = {}): number {
  const raw = record.fields[column] ?? '';
  if (raw === '' && options.emptyAs !== undefined) return options.emptyAs;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || (options.max !== undefined && value > options.max)) {
    const range = options.max === undefined ? 'a whole number ≥ 0' : `a whole number from 0 to ${options.max}`;
    throw new FaultlineError('parse', `${column} is ${JSON.stringify(raw)}, not ${range}`, { file, line: record.line });
  }
  return value;
}
