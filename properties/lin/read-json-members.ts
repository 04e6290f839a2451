import { FaultlineError } from '../../model/faultline-error.js';
import { NESTING_MAX } from './edn-reader.js';

/** How long one member value or array element may be, in characters. */
const VALUE_LENGTH_MAX = 1 << 24;

/** A top-level member of a JSON object, or one element of the array member being streamed, with the line it starts on. */
export type JsonMember =
  | { readonly kind: 'member'; readonly key: string; readonly value: unknown; readonly line: number }
  | { readonly kind: 'element'; readonly index: number; readonly value: unknown; readonly line: number };

type Place = 'start' | 'key' | 'colon' | 'value' | 'after-value' | 'element' | 'after-element' | 'end';

/**
 * Reads a JSON object as it streams in: each top-level member whose key is
 * in `keep` is parsed and yielded whole, other members are skipped without
 * being kept, and the array under `streamed` is yielded as an empty array
 * followed by its elements one by one,
 * so that a history of any length is read in bounded memory and each error
 * names its line. Values nested deeper than NESTING_MAX are bad input,
 * found before any parser recurses into them.
 */
export function* readJsonMembers(chunks: Iterable<string>, file: string, keep: ReadonlySet<string>, streamed: string): Generator<JsonMember, void, undefined> {
  const notJson = (line: number, what = 'the history is not valid JSON'): never => {
    throw new FaultlineError('not-json', what, { file, line });
  };
  let line = 1;
  let place: Place = 'start';
  let key = '';
  let index = 0;
  let afterComma = false;
  // The key, value or element being read: its text so far (when kept),
  // where it started, its nesting and whether it is inside a string.
  let capturing: 'key' | 'value' | 'element' | undefined;
  let parts: string[] = [];
  let length = 0;
  let keeping = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let scalar = false;
  let startLine = 1;

  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch (error) {
      const position = /at position (\d+)/.exec(error instanceof Error ? error.message : '');
      let at = startLine;
      if (position) for (let i = 0; i < Number(position[1]) && i < text.length; i++) if (text.charCodeAt(i) === 10) at++;
      return notJson(at);
    }
  };

  for (const chunk of chunks) {
    let start = 0;
    const take = (end: number): void => {
      if (!keeping) return;
      parts.push(chunk.slice(start, end));
      length += end - start;
      if (length > VALUE_LENGTH_MAX) throw new FaultlineError('parse', `a value is longer than ${VALUE_LENGTH_MAX} characters`, { file, line: startLine });
    };
    for (let i = 0; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      if (capturing !== undefined) {
        // Inside a key, value or element: find where it ends.
        let end = -1;
        if (inString) {
          if (escaped) escaped = false;
          else if (code === 92) escaped = true;
          else if (code === 34) {
            inString = false;
            if (depth === 0) end = i + 1;
          } else if (code === 10) {
            notJson(line);
          }
        } else if (scalar) {
          if (code === 44 || code === 125 || code === 93 || code === 58 || code === 32 || code === 9 || code === 10 || code === 13) end = i;
        } else if (code === 10) {
          line++;
        } else if (code === 34) {
          inString = true;
        } else if (code === 123 || code === 91) {
          if (++depth > NESTING_MAX) throw new FaultlineError('parse', `values nest deeper than ${NESTING_MAX} levels`, { file, line });
        } else if (code === 125 || code === 93) {
          if (--depth === 0) end = i + 1;
        }
        if (end < 0) continue;
        take(end);
        const value = keeping ? parse(parts.join('')) : undefined;
        parts = [];
        scalar = false;
        const done = capturing;
        capturing = undefined;
        if (done === 'key') {
          key = value as string;
          place = 'colon';
        } else if (done === 'element') {
          yield { kind: 'element', index: index++, value, line: startLine };
          place = 'after-element';
        } else {
          if (keeping) yield { kind: 'member', key, value, line: startLine };
          place = 'after-value';
        }
        // Go on with the character after the value.
        i = end - 1;
        continue;
      }
      if (code === 10) {
        line++;
        continue;
      }
      if (code === 32 || code === 9 || code === 13) continue;
      const begin = (what: 'key' | 'value' | 'element'): void => {
        capturing = what;
        startLine = line;
        start = i;
        parts = [];
        length = 0;
        keeping = what !== 'value' || keep.has(key);
        if (code === 34) inString = true;
        else if (what === 'key') notJson(line);
        else if (code === 123 || code === 91) depth = 1;
        else if (code === 125 || code === 93 || code === 44 || code === 58) notJson(line);
        else scalar = true;
      };
      switch (place) {
        case 'start':
          if (code !== 123) notJson(line, 'the history is not a JSON object');
          place = 'key';
          afterComma = false;
          break;
        case 'key':
          if (code === 125 && !afterComma) place = 'end';
          else begin('key');
          break;
        case 'colon':
          if (code !== 58) notJson(line);
          place = 'value';
          break;
        case 'value':
          if (key === streamed && code === 91) {
            yield { kind: 'member', key, value: [], line };
            place = 'element';
            afterComma = false;
          } else {
            begin('value');
          }
          break;
        case 'element':
          if (code === 93 && !afterComma) place = 'after-value';
          else begin('element');
          break;
        case 'after-value':
        case 'after-element': {
          // After a member, a comma or the object's end; after an element, a comma or the array's end.
          const inArray: boolean = place === 'after-element';
          if (code === 44) {
            place = inArray ? 'element' : 'key';
            afterComma = true;
          } else if (code === (inArray ? 93 : 125)) {
            place = inArray ? 'after-value' : 'end';
          } else {
            notJson(line);
          }
          break;
        }
        case 'end':
          notJson(line, 'the history has text after its closing brace');
      }
    }
    if (capturing !== undefined) take(chunk.length);
  }
  if (place !== 'end') notJson(line, 'the history ends before its JSON object does');
}
