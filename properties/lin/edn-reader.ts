import { FaultlineError } from '../../model/faultline-error.js';

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
 * file and line.
 */
export function readEdnForms(text: string, file: string, firstLine = 1, options: { readonly unwrapSequences?: boolean } = {}): EdnForm[] {
  let at = 0;
  let line = firstLine;
  const fail = (message: string, where = line): never => {
    throw new FaultlineError('parse', `not valid EDN: ${message}`, { file, line: where });
  };

  const skipSpace = (): void => {
    while (at < text.length) {
      const code = text.charCodeAt(at);
      if (code === 10) {
        line++;
        at++;
      } else if (isSpace(code)) {
        at++;
      } else if (code === 59) {
        while (at < text.length && text.charCodeAt(at) !== 10) at++;
      } else {
        return;
      }
    }
  };

  const readToken = (): string => {
    const start = at;
    while (at < text.length) {
      const code = text.charCodeAt(at);
      if (isSpace(code) || DELIMITERS.has(code)) break;
      at++;
    }
    return text.slice(start, at);
  };

  const readString = (): string => {
    const startLine = line;
    at++;
    let out = '';
    let chunk = at;
    while (at < text.length) {
      const code = text.charCodeAt(at);
      if (code === 34) {
        out += text.slice(chunk, at);
        at++;
        return out;
      }
      if (code === 10) line++;
      if (code === 92) {
        out += text.slice(chunk, at);
        const escape = text[at + 1];
        at += 2;
        switch (escape) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case 'u': {
            const hex = text.slice(at, at + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail(`bad \\u escape in a string`);
            out += String.fromCharCode(parseInt(hex, 16));
            at += 4;
            break;
          }
          default:
            fail(`unknown escape \\${escape ?? ''} in a string`);
        }
        chunk = at;
        continue;
      }
      at++;
    }
    return fail('a string is not closed', startLine);
  };

  const atom = (token: string): EdnValue => {
    if (token === 'nil') return null;
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (/^[+-]?\d/.test(token)) {
      const ratio = /^([+-]?\d+)\/(\d+)$/.exec(token);
      if (ratio) return Number(ratio[1]) / Number(ratio[2]);
      const number = Number(token.replace(/[NM]$/, ''));
      if (Number.isNaN(number)) fail(`bad number ${JSON.stringify(token)}`);
      return number;
    }
    if (token.startsWith(':')) {
      if (token.length === 1) fail('an empty keyword');
      return { kind: 'keyword', name: token.slice(1) };
    }
    return { kind: 'symbol', name: token };
  };

  const readSequence = (close: number, what: string): EdnValue[] => {
    const startLine = line;
    at++;
    const items: EdnValue[] = [];
    for (;;) {
      skipSpace();
      if (at >= text.length) fail(`${what} is not closed`, startLine);
      if (text.charCodeAt(at) === close) {
        at++;
        return items;
      }
      const item = read();
      if (item !== DISCARDED) items.push(item);
    }
  };

  const DISCARDED = Symbol('discarded');
  const read = (): EdnValue | typeof DISCARDED => {
    const code = text.charCodeAt(at);
    switch (code) {
      case 40: return readSequence(41, 'a list');
      case 91: return readSequence(93, 'a vector');
      case 123: {
        const startLine = line;
        const items = readSequence(125, 'a map');
        if (items.length % 2 !== 0) fail('a map has a key without a value', startLine);
        const entries: (readonly [EdnValue, EdnValue])[] = [];
        for (let i = 0; i < items.length; i += 2) entries.push([items[i] ?? null, items[i + 1] ?? null]);
        return { kind: 'map', entries };
      }
      case 34: return readString();
      case 41: case 93: case 125: return fail(`unexpected ${text[at]}`);
      case 92: {
        at++;
        const name = readToken();
        const named: Record<string, string> = { newline: '\n', space: ' ', tab: '\t', return: '\r' };
        if (name.length === 0) {
          at++;
          return text[at - 1] ?? fail('a character is missing');
        }
        return named[name] ?? (name.length === 1 ? name : fail(`unknown character \\${name}`));
      }
      case 35: {
        const next = text.charCodeAt(at + 1);
        if (next === 123) {
          at++;
          return { kind: 'set', items: readSequence(125, 'a set') };
        }
        if (next === 95) {
          at += 2;
          skipSpace();
          if (at >= text.length) fail('#_ discards nothing');
          read();
          return DISCARDED;
        }
        at++;
        const tag = readToken();
        if (tag.length === 0) fail('a # dispatch this reader does not know');
        skipSpace();
        if (at >= text.length) fail(`#${tag} tags nothing`);
        const value = read();
        return value === DISCARDED ? fail(`#${tag} tags a discarded value`) : { kind: 'tagged', tag, value };
      }
      default: {
        const token = readToken();
        if (token.length === 0) fail(`unexpected character ${JSON.stringify(text[at])}`);
        return atom(token);
      }
    }
  };

  // With `unwrapSequences`, a top-level vector or list contributes its
  // elements as forms, each with its own line (a Jepsen history vector).
  const forms: EdnForm[] = [];
  let closer: number | undefined;
  let openedOn = line;
  for (;;) {
    skipSpace();
    if (at >= text.length) {
      if (closer !== undefined) fail('a vector is not closed', openedOn);
      return forms;
    }
    const code = text.charCodeAt(at);
    if (closer === undefined && options.unwrapSequences && (code === 91 || code === 40)) {
      closer = code === 91 ? 93 : 41;
      openedOn = line;
      at++;
      continue;
    }
    if (closer !== undefined && code === closer) {
      closer = undefined;
      at++;
      continue;
    }
    const start = line;
    const value = read();
    if (value !== DISCARDED) forms.push({ value, line: start });
  }
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

/** EDN text for a value, for messages and descriptions. */
export function showEdn(value: EdnValue | undefined): string {
  if (value === undefined || value === null) return 'nil';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(showEdn).join(' ')}]`;
  const tagged = value as Exclude<EdnValue, null | boolean | number | string | readonly EdnValue[]>;
  switch (tagged.kind) {
    case 'keyword': return `:${tagged.name}`;
    case 'symbol': return tagged.name;
    case 'map': return `{${tagged.entries.map(([k, v]) => `${showEdn(k)} ${showEdn(v)}`).join(', ')}}`;
    case 'set': return `#{${tagged.items.map(showEdn).join(' ')}}`;
    case 'tagged': return `#${tagged.tag} ${showEdn(tagged.value)}`;
  }
}
