import { expect, test } from 'vitest';
import { FaultlineError } from '../../model/faultline-error.js';
import { parseEquivalentMutants } from './equivalent-mutants.js';

test('the equivalence list is read from its table rows, bars inside code spans included, and everything else is prose', () => {
  const markdown = [
    '# Equivalent mutants',
    '',
    '| file | line:column | mutator | replacement | why |',
    '|---|---|---|---|---|',
    '| impl/a.ts | 12:7 | LogicalOperator | `a \\|\\| b` | both sides are false whenever it is read |',
    '| `impl/b.ts` | 3:1 | ObjectLiteral | `{  a:   1 }` | read by nobody |',
  ].join('\n');
  expect(parseEquivalentMutants(markdown, 'list.md')).toEqual([
    { file: 'impl/a.ts', line: 12, column: 7, mutator: 'LogicalOperator', replacement: 'a || b', why: 'both sides are false whenever it is read', listLine: 5 },
    { file: 'impl/b.ts', line: 3, column: 1, mutator: 'ObjectLiteral', replacement: '{ a: 1 }', why: 'read by nobody', listLine: 6 },
  ]);
});

test('a malformed row, or one without a reason, is bad input naming its line', () => {
  const row = (text: string) => () => parseEquivalentMutants(`intro\n${text}\n`, 'EQUIVALENT-MUTANTS.md');
  expect(row('| impl/a.ts | 12 | LogicalOperator | `x` | why |')).toThrow(/not line:column/);
  expect(row('| impl/a.ts | 12:1 | LogicalOperator | `x` |')).toThrow(/5 cells/);
  expect(row('| impl/a.ts | 12:1 | LogicalOperator | `x` |  |')).toThrow(/needs a reason/);
  try {
    row('| impl/a.ts | 12 | L | `x` | why |')();
  } catch (error) {
    expect(error).toBeInstanceOf(FaultlineError);
    expect((error as FaultlineError).oneLine()).toMatch(/\(file=EQUIVALENT-MUTANTS\.md line=2\)$/);
  }
});
