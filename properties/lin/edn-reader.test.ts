import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../model/faultline-error.js';
import { ednGet, keywordName, NESTING_MAX, readEdnForms, readEdnStream, showEdn, type EdnMap } from './edn-reader.js';

const one = (text: string) => readEdnForms(text, 'x.edn')[0]?.value;

describe('readEdnForms', () => {
  it('reads scalars', () => {
    expect(readEdnForms('nil true false 42 -7 1.5 3N 1/2 "a\\"b\\n" \\x \\newline', 'x.edn').map((form) => form.value)).toEqual([
      null, true, false, 42, -7, 1.5, 3, 0.5, 'a"b\n', 'x', '\n',
    ]);
  });

  it('reads keywords, symbols and collections', () => {
    expect(one(':invoke')).toEqual({ kind: 'keyword', name: 'invoke' });
    expect(one('jepsen.util')).toEqual({ kind: 'symbol', name: 'jepsen.util' });
    expect(one('[1 (2 3) #{4}]')).toEqual([1, [2, 3], { kind: 'set', items: [4] }]);
    expect(one('#inst "2024-01-01"')).toEqual({ kind: 'tagged', tag: 'inst', value: '2024-01-01' });
  });

  it('reads maps with commas as whitespace and finds keyword keys', () => {
    const map = one('{:process 3, :type :ok, :value [0 1]}') as EdnMap;
    expect(ednGet(map, 'process')).toBe(3);
    expect(keywordName(ednGet(map, 'type'))).toBe('ok');
    expect(ednGet(map, 'value')).toEqual([0, 1]);
    expect(ednGet(map, 'missing')).toBeUndefined();
  });

  it('skips comments and discarded forms and gives each form its line', () => {
    const forms = readEdnForms('; header\n1 #_ 2\n\n{:a\n 1} ; tail\n', 'x.edn');
    expect(forms).toEqual([
      { value: 1, line: 2 },
      { value: { kind: 'map', entries: [[{ kind: 'keyword', name: 'a' }, 1]] }, line: 4 },
    ]);
  });

  it('refuses collections nested deeper than NESTING_MAX, naming the line', () => {
    expect(one(`${'['.repeat(NESTING_MAX)}${']'.repeat(NESTING_MAX)}`)).toBeDefined();
    expect(() => readEdnForms(`1\n${'['.repeat(NESTING_MAX + 1)}${']'.repeat(NESTING_MAX + 1)}`, 'h.edn')).toThrow(
      expect.objectContaining({ code: 'parse', message: expect.stringMatching(/nest deeper than/), details: { file: 'h.edn', line: 2 } }),
    );
  });
});

describe('readEdnStream', () => {
  const stream = (chunks: string[], unwrapSequences = true) => [...readEdnStream(chunks, 'x.edn', { unwrapSequences })];

  it('unwraps a top-level vector into forms with their own lines, however the text is cut into chunks', () => {
    const text = '; a history\n[{:a 1}\n {:a "]2\\"["}\n {:a \\]} ; ] [\n {:a\n 4}]\n';
    const expected = [1, '2', ']', 4].map((value, index) => ({ value: { kind: 'map', entries: [[{ kind: 'keyword', name: 'a' }, value]] }, line: [2, 3, 4, 5][index] }));
    expected[1] = { value: { kind: 'map', entries: [[{ kind: 'keyword', name: 'a' }, ']2"[']] }, line: 3 };
    for (let cut = 0; cut <= text.length; cut++) expect(stream([text.slice(0, cut), text.slice(cut)])).toEqual(expected);
  });

  it('reads one map per line, and a vector that is not around the whole history as a form', () => {
    expect(stream(['{:a 1}\n{:a 2}\n']).map((form) => form.line)).toEqual([1, 2]);
    expect(stream(['{:a 1}\n[1 2]\n']).map((form) => form.value)).toEqual([{ kind: 'map', entries: [[{ kind: 'keyword', name: 'a' }, 1]] }, [1, 2]]);
  });

  it('names the line of what is left open, and of nesting too deep, without recursing', () => {
    expect(() => stream(['[{:a 1}\n {:a 2}\n'])).toThrow(expect.objectContaining({ message: 'not valid EDN: a vector is not closed', details: { file: 'x.edn', line: 1 } }));
    expect(() => stream(['{:a 1}\n{:a "open\n'])).toThrow(expect.objectContaining({ details: { file: 'x.edn', line: 2 } }));
    expect(() => stream([`{:a 1}\n{:a ${'['.repeat(1_000_000)}`])).toThrow(expect.objectContaining({ message: expect.stringMatching(/nest deeper/), details: { file: 'x.edn', line: 2 } }));
  });
});

describe('readEdnForms errors and showEdn', () => {
  it('names the file and line of bad input', () => {
    const attempt = () => readEdnForms('1\n2\n{:a 1', 'h.edn');
    expect(attempt).toThrow(FaultlineError);
    try {
      attempt();
    } catch (error) {
      expect((error as FaultlineError).code).toBe('parse');
      expect((error as FaultlineError).details).toEqual({ file: 'h.edn', line: 3 });
    }
    expect(() => readEdnForms('{:a}', 'h.edn')).toThrow(/key without a value/);
    expect(() => readEdnForms('"open', 'h.edn')).toThrow(/not closed/);
    expect(() => readEdnForms(')', 'h.edn')).toThrow(/unexpected \)/);
  });

  it('prints values back as EDN, cut to a readable length', () => {
    expect(showEdn(one('{:f :cas, :value [1 "a" nil]}'))).toBe('{:f :cas, :value [1 "a" nil]}');
    const huge = showEdn(Array.from({ length: 100_000 }, (_, index) => index));
    expect(huge.length).toBeLessThanOrEqual(60);
    expect(huge).toMatch(/^\[0 1 2 .*…$/);
  });
});
