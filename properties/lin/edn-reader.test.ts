import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../model/faultline-error.js';
import { ednGet, keywordName, readEdnForms, showEdn, type EdnMap } from './edn-reader.js';

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

  it('unwraps a top-level vector into forms with their own lines when asked', () => {
    const forms = readEdnForms('[{:a 1}\n {:a 2}]\n', 'x.edn', 1, { unwrapSequences: true });
    expect(forms.map((form) => form.line)).toEqual([1, 2]);
  });

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

  it('prints values back as EDN', () => {
    expect(showEdn(one('{:f :cas, :value [1 "a" nil]}'))).toBe('{:f :cas, :value [1 "a" nil]}');
  });
});
