import { FaultlineError } from '../../model/faultline-error.js';

/**
 * A surviving mutant argued equivalent: it cannot change what the code does
 * in any run the gate can make. Identified as Stryker reports it, by file,
 * position, mutator and replacement, so that `npm run bench:mutation` can
 * match each survivor against the list and say which are unexplained, and
 * which entries no longer match anything.
 */
export interface EquivalentMutant {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly mutator: string;
  /** The replacement code, with runs of whitespace made single spaces. */
  readonly replacement: string;
  readonly why: string;
  /** Where the entry is in the list, for messages. */
  readonly listLine: number;
}

/** Runs of whitespace made single spaces, so that a replacement spanning lines can be written on one. */
export function normalizeReplacement(code: string): string {
  return code.replace(/\s+/g, ' ').trim();
}

/** The cells of one Markdown table row, `\|` read as a bar inside a cell. */
function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** A code span's text: the cell without the backticks around it. */
function codeSpan(cell: string): string {
  const match = /^(`+)\s?([\s\S]*?)\s?\1$/.exec(cell);
  return match === null ? cell : match[2]!;
}

/**
 * Reads the list of equivalent mutants: every Markdown table row
 * `| file | line:column | mutator | replacement | why |` (the replacement in
 * a code span, bars inside it written `\|`); header and divider rows and all
 * other text are skipped. A row that is malformed, or gives no reason, is
 * bad input naming its line.
 */
export function parseEquivalentMutants(markdown: string, fileName: string): EquivalentMutant[] {
  const entries: EquivalentMutant[] = [];
  markdown.split('\n').forEach((text, index) => {
    const listLine = index + 1;
    if (!text.trim().startsWith('|')) return;
    const row = cells(text);
    if (row.every((cell) => /^:?-*:?$/.test(cell)) || row[0] === 'file') return;
    const bad = (problem: string) => new FaultlineError('parse', problem, { file: fileName, line: listLine });
    if (row.length !== 5) throw bad(`an equivalent mutant has 5 cells (file, line:column, mutator, replacement, why), not ${row.length}`);
    const [file, at, mutator, replacement, why] = row as [string, string, string, string, string];
    const position = /^(\d+):(\d+)$/.exec(at);
    if (position === null) throw bad(`the position ${JSON.stringify(at)} is not line:column`);
    if (why.length === 0) throw bad('an equivalent mutant needs a reason');
    entries.push({ file: codeSpan(file), line: Number(position[1]), column: Number(position[2]), mutator, replacement: normalizeReplacement(codeSpan(replacement)), why, listLine });
  });
  return entries;
}
