import { FaultlineError } from '../../model/faultline-error.js';
import { chunkLines } from './history-chunks.js';
import { clipText } from './clip-text.js';

/**
 * How deep collections may nest in a history. Histories need a few levels;
 * deeper input is bad input, not a stack overflow in the reader or in
 * whatever walks the values afterwards.
 */
export const NESTING_MAX = 1000;
/** How long one top-level form may be, in characters. */
const FORM_LENGTH_MAX = 1 << 24;

/**
 * An EDN value. Lists and vectors both read as arrays (histories never need
 * to tell them apart); integers, floats, `N` big integers and ratios read as
 * numbers; characters read as one-character strings.
 */
export type EdnValue =
  | null
  | boolean
  | number
  | string
  | readonly EdnValue[]
  | { readonly kind: 'keyword'; readonly name: string }
  | { readonly kind: 'symbol'; readonly name: string }
  | { readonly kind: 'map'; readonly entries: readonly (readonly [EdnValue, EdnValue])[] }
  | { readonly kind: 'set'; readonly items: readonly EdnValue[] }
  | { readonly kind: 'tagged'; readonly tag: string; readonly value: EdnValue };

export type EdnMap = Extract<EdnValue, { kind: 'map' }>;

/** A top-level form and the 1-based line it starts on. */
export interface EdnForm {
  readonly value: EdnValue;
  readonly line: number;
}

const DELIMITERS = new Set([...'()[]{}";,'].map((c) => c.charCodeAt(0)));

function isSpace(code: number): boolean {
  return code === 32 || code === 44 || (code >= 9 && code <= 13);
}

/**
 * A small EDN reader, enough for Jepsen histories: nil, booleans, numbers,
 * strings, characters, keywords, symbols, lists, vectors, maps, sets, tagged
 * values (`#inst "..."`), `;` comments and `#_` discards. Errors name the
 * file and line; collections nested deeper than NESTING_MAX are an error.
 */
export function readEdnForms(text: string, file: string, firstLine = 1): EdnForm[] {
  return new EdnParser(text, file, firstLine).forms();
}

const DISCARDED: unique symbol = Symbol('discarded');
const NAMED_CHARACTERS: Readonly<Record<string, string>> = { newline: '\n', space: ' ', tab: '\t', return: '\r' };

/** The reader behind `readEdnForms`: a class, so that reading a line creates no closures. */
class EdnParser {
  private at = 0;
  private line: number;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
    firstLine: number,
  ) {
    this.line = firstLine;
  }

  forms(): EdnForm[] {
    const forms: EdnForm[] = [];
    for (;;) {
      this.skipSpace();
      if (this.at >= this.text.length) return forms;
      const start = this.line;
      const value = this.read();
      if (value !== DISCARDED) forms.push({ value, line: start });
    }
  }

  private fail(message: string, where = this.line): never {
    throw new FaultlineError('parse', `not valid EDN: ${message}`, { file: this.file, line: where });
  }

  private skipSpace(): void {
    const { text } = this;
    while (this.at < text.length) {
      const code = text.charCodeAt(this.at);
      if (code === 10) {
        this.line++;
        this.at++;
      } else if (isSpace(code)) {
        this.at++;
      } else if (code === 59) {
        while (this.at < text.length && text.charCodeAt(this.at) !== 10) this.at++;
      } else {
        return;
      }
    }
  }

  private readToken(): string {
    const { text } = this;
    const start = this.at;
    while (this.at < text.length) {
      const code = text.charCodeAt(this.at);
      if (isSpace(code) || DELIMITERS.has(code)) break;
      this.at++;
    }
    return text.slice(start, this.at);
  }

  private readString(): string {
    const { text } = this;
    const startLine = this.line;
    this.at++;
    let out = '';
    let chunk = this.at;
    while (this.at < text.length) {
      const code = text.charCodeAt(this.at);
      if (code === 34) {
        out += text.slice(chunk, this.at);
        this.at++;
        return out;
      }
      if (code === 10) this.line++;
      if (code === 92) {
        out += text.slice(chunk, this.at);
        const escape = text[this.at + 1];
        this.at += 2;
        switch (escape) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case 'u': {
            const hex = text.slice(this.at, this.at + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(`bad \\u escape in a string`);
            out += String.fromCharCode(parseInt(hex, 16));
            this.at += 4;
            break;
          }
          default:
            this.fail(`unknown escape \\${clipText(escape ?? '')} in a string`);
        }
        chunk = this.at;
        continue;
      }
      this.at++;
    }
    return this.fail('a string is not closed', startLine);
  }

  private atom(token: string): EdnValue {
    if (token === 'nil') return null;
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (/^[+-]?\d/.test(token)) {
      const ratio = /^([+-]?\d+)\/(\d+)$/.exec(token);
      if (ratio) return Number(ratio[1]) / Number(ratio[2]);
      const number = Number(token.replace(/[NM]$/, ''));
      if (Number.isNaN(number)) this.fail(`bad number ${clipText(JSON.stringify(token))}`);
      return number;
    }
    if (token.startsWith(':')) {
      if (token.length === 1) this.fail('an empty keyword');
      return { kind: 'keyword', name: token.slice(1) };
    }
    return { kind: 'symbol', name: token };
  }

  private readSequence(close: number, what: string): EdnValue[] {
    const startLine = this.line;
    if (++this.depth > NESTING_MAX) this.fail(`collections nest deeper than ${NESTING_MAX} levels`);
    this.at++;
    const items: EdnValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.at >= this.text.length) this.fail(`${what} is not closed`, startLine);
      if (this.text.charCodeAt(this.at) === close) {
        this.at++;
        this.depth--;
        return items;
      }
      const item = this.read();
      if (item !== DISCARDED) items.push(item);
    }
  }

  private read(): EdnValue | typeof DISCARDED {
    const { text } = this;
    const code = text.charCodeAt(this.at);
    switch (code) {
      case 40: return this.readSequence(41, 'a list');
      case 91: return this.readSequence(93, 'a vector');
      case 123: {
        const startLine = this.line;
        const items = this.readSequence(125, 'a map');
        if (items.length % 2 !== 0) this.fail('a map has a key without a value', startLine);
        const entries: (readonly [EdnValue, EdnValue])[] = [];
        for (let i = 0; i < items.length; i += 2) entries.push([items[i] ?? null, items[i + 1] ?? null]);
        return { kind: 'map', entries };
      }
      case 34: return this.readString();
      case 41: case 93: case 125: return this.fail(`unexpected ${text[this.at]}`);
      case 92: {
        this.at++;
        const name = this.readToken();
        if (name.length === 0) {
          this.at++;
          return text[this.at - 1] ?? this.fail('a character is missing');
        }
        return NAMED_CHARACTERS[name] ?? (name.length === 1 ? name : this.fail(`unknown character \\${clipText(name)}`));
      }
      case 35: {
        const next = text.charCodeAt(this.at + 1);
        if (next === 123) {
          this.at++;
          return { kind: 'set', items: this.readSequence(125, 'a set') };
        }
        if (next === 95) {
          this.at += 2;
          this.skipSpace();
          if (this.at >= text.length) this.fail('#_ discards nothing');
          this.read();
          return DISCARDED;
        }
        this.at++;
        const tag = this.readToken();
        if (tag.length === 0) this.fail('a # dispatch this reader does not know');
        this.skipSpace();
        if (this.at >= text.length) this.fail(`#${clipText(tag)} tags nothing`);
        const value = this.read();
        return value === DISCARDED ? this.fail(`#${clipText(tag)} tags a discarded value`) : { kind: 'tagged', tag, value };
      }
      default: {
        const token = this.readToken();
        if (token.length === 0) this.fail(`unexpected character ${JSON.stringify(text[this.at])}`);
        return this.atom(token);
      }
    }
  }
}

/**
 * Reads the top-level forms of a history as it streams in, a few lines at a
 * time, so that a history of any length is read in bounded memory. With
 * `unwrapSequences`, a vector or list around the whole history (a Jepsen
 * `history.edn`) contributes its elements as forms. A form is handed to
 * `readEdnForms` once the lines it spans are complete; a scan that tracks
 * strings, comments and character literals finds where that is, and stops
 * nesting deeper than NESTING_MAX before any reader recurses.
 */
export function* readEdnStream(chunks: Iterable<string>, file: string, options: { readonly unwrapSequences?: boolean } = {}): Generator<EdnForm, void, undefined> {
  const fail = (message: string, line: number): never => {
    throw new FaultlineError('parse', `not valid EDN: ${message}`, { file, line });
  };
  let depth = 0;
  let inString = false;
  // The vector around the whole history: not yet seen, inside it, or there is none.
  let outer: 'maybe' | 'inside' | 'closed' | 'none' = options.unwrapSequences ? 'maybe' : 'none';
  let closer = 0;
  let outerLine = 1;
  let pending: string[] = [];
  let pendingLength = 0;
  let pendingFrom = 1;
  for (const [raw, line] of chunkLines(chunks, file, FORM_LENGTH_MAX)) {
    let text = raw;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (inString) {
        if (code === 92) i++;
        else if (code === 34) inString = false;
        continue;
      }
      if (code === 59) break;
      if (code === 34) inString = true;
      else if (code === 92) i++;
      else if (code === 40 || code === 91 || code === 123) {
        if (depth === 0 && outer === 'maybe' && code !== 123) {
          // The history's own vector: blanked out, its elements are the forms.
          outer = 'inside';
          closer = code === 40 ? 41 : 93;
          outerLine = line;
          text = `${text.slice(0, i)} ${text.slice(i + 1)}`;
          continue;
        }
        if (depth === 0 && outer === 'maybe') outer = 'none';
        if (++depth > NESTING_MAX) fail(`collections nest deeper than ${NESTING_MAX} levels`, line);
      } else if (code === 41 || code === 93 || code === 125) {
        if (depth === 0 && outer === 'inside' && code === closer) {
          outer = 'closed';
          text = `${text.slice(0, i)} ${text.slice(i + 1)}`;
          continue;
        }
        // An unmatched closer is left for the reader to report.
        if (depth > 0) depth--;
      } else if (depth === 0 && outer === 'maybe' && !isSpace(code)) {
        outer = 'none';
      }
    }
    if (pending.length === 0) pendingFrom = line;
    pending.push(text);
    pendingLength += text.length;
    if (pendingLength > FORM_LENGTH_MAX) fail(`a form is longer than ${FORM_LENGTH_MAX} characters`, pendingFrom);
    if (!inString && depth === 0) {
      yield* readEdnForms(pending.join('\n'), file, pendingFrom);
      pending = [];
      pendingLength = 0;
    }
  }
  // Whatever is left is unfinished: the reader says what is not closed, and where.
  if (pending.length > 0) yield* readEdnForms(pending.join('\n'), file, pendingFrom);
  if (outer === 'inside') fail(`${closer === 93 ? 'a vector' : 'a list'} is not closed`, outerLine);
}

/** The value under keyword `name` in an EDN map, or `undefined` when absent. */
export function ednGet(map: EdnMap, name: string): EdnValue | undefined {
  for (const [key, value] of map.entries) {
    if (key !== null && typeof key === 'object' && 'kind' in key && key.kind === 'keyword' && key.name === name) return value;
  }
  return undefined;
}

/** The name of a keyword value, or `undefined` for anything else. */
export function keywordName(value: EdnValue | undefined): string | undefined {
  return value !== null && typeof value === 'object' && 'kind' in value && value.kind === 'keyword' ? value.name : undefined;
}

/**
 * EDN text for a value, for error messages: cut to a readable length
 * (`clipText`), without building the whole text of a huge value first.
 */
export function showEdn(value: EdnValue | undefined): string {
  const parts: string[] = [];
  let length = 0;
  const limit = 200;
  const put = (text: string): boolean => {
    parts.push(text);
    length += text.length;
    return length < limit;
  };
  const show = (item: EdnValue | undefined): boolean => {
    if (item === undefined || item === null) return put('nil');
    if (typeof item === 'string') return put(JSON.stringify(item));
    if (typeof item !== 'object') return put(String(item));
    const many = (open: string, items: readonly EdnValue[], close: string): boolean => {
      if (!put(open)) return false;
      for (let i = 0; i < items.length; i++) {
        if (i > 0 && !put(' ')) return false;
        if (!show(items[i])) return false;
      }
      return put(close);
    };
    if (Array.isArray(item)) return many('[', item, ']');
    const tagged = item as Exclude<EdnValue, null | boolean | number | string | readonly EdnValue[]>;
    switch (tagged.kind) {
      case 'keyword': return put(`:${tagged.name}`);
      case 'symbol': return put(tagged.name);
      case 'map':
        if (!put('{')) return false;
        for (let i = 0; i < tagged.entries.length; i++) {
          const [key, entry] = tagged.entries[i] as readonly [EdnValue, EdnValue];
          if ((i > 0 && !put(', ')) || !show(key) || !put(' ') || !show(entry)) return false;
        }
        return put('}');
      case 'set': return many('#{', tagged.items, '}');
      case 'tagged': return put(`#${tagged.tag} `) && show(tagged.value);
    }
  };
  show(value);
  return clipText(parts.join(''));
}
