import { closeSync, openSync, readSync } from 'node:fs';
import { FaultlineError } from '../../model/faultline-error.js';
import { inputFileError } from '../../traces/read-input-file.js';
import type { BudgetReason, LinBudget } from './lin-budget.js';

/** Bytes read at a time: the memory a history costs beyond its operations. */
const CHUNK_BYTES = 1 << 16;

/** Thrown while reading a history when the check's time or memory runs out: the answer is unknown (exit 3), not bad input. */
export class LinBudgetExceeded extends Error {
  constructor(readonly reason: BudgetReason) {
    super(`the ${reason === 'timeout' ? 'time limit' : 'memory limit'} was reached while reading the history`);
    this.name = 'LinBudgetExceeded';
  }
}

/**
 * A history file as text, a chunk at a time, so that a file of any size is
 * read in bounded memory. Invalid UTF-8 is bad input naming its line: two
 * different invalid bytes must never both become U+FFFD and compare equal.
 * Between chunks the budget is consulted, so reading counts against the
 * check's time and memory limits.
 */
export function* historyChunks(path: string, budget?: LinBudget): Generator<string, void, undefined> {
  const fd = openHistory(path);
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let line = 1;
    let first = true;
    for (;;) {
      let read: number;
      try {
        read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      } catch (error) {
        throw inputFileError(error, path, 'history');
      }
      const bytes = buffer.subarray(0, read);
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: read > 0 });
      } catch {
        throw new FaultlineError('parse', 'the history is not valid UTF-8', { file: path, line: line + newlinesBefore(bytes, firstInvalidByte(bytes)) });
      }
      // A byte order mark is not part of the history.
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
      if (text !== '') yield text;
      if (read === 0) return;
      line += newlinesBefore(bytes, bytes.length);
      const reason = budget?.exceeded();
      if (reason !== undefined) throw new LinBudgetExceeded(reason);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The lines of a stream of chunks, each with its 1-based number, without
 * their line ends. A line longer than `maxLength` characters is bad input.
 */
export function* chunkLines(chunks: Iterable<string>, file: string, maxLength = 1 << 24): Generator<readonly [string, number], void, undefined> {
  let carry = '';
  let line = 1;
  for (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      const text = carry + chunk.slice(start, end);
      carry = '';
      yield [text.endsWith('\r') ? text.slice(0, -1) : text, line++];
      start = end + 1;
    }
    carry += chunk.slice(start);
    if (carry.length > maxLength) throw new FaultlineError('parse', `a line is longer than ${maxLength} characters`, { file, line });
  }
  if (carry !== '') yield [carry.endsWith('\r') ? carry.slice(0, -1) : carry, line];
}

function openHistory(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (error) {
    throw inputFileError(error, path, 'history');
  }
}

function newlinesBefore(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(10); i >= 0 && i < end; i = bytes.indexOf(10, i + 1)) count++;
  return count;
}

/**
 * The offset of the first byte that does not start or continue a valid
 * UTF-8 sequence (overlong forms, surrogates and values past U+10FFFF
 * included), or the length when a sequence is cut off at the end.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  // A sequence begun in the previous chunk ends in this one's first bytes.
  let i = 0;
  while (i < 3 && i < bytes.length && ((bytes[i] as number) & 0xc0) === 0x80) i++;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    let length: number;
    let min: number;
    if (lead < 0x80) {
      i++;
      continue;
    } else if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      min = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      min = 0x10000;
    } else {
      return i;
    }
    let value = lead & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined) return i;
      if ((next & 0xc0) !== 0x80) return i;
      value = (value << 6) | (next & 0x3f);
    }
    if (value < min || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return i;
    i += length;
  }
  return bytes.length;
}
