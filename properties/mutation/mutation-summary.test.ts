import { expect, test } from 'vitest';
import { parseEquivalentMutants } from './equivalent-mutants.js';
import { mutationScore, runsToKill, summarizeMutationReport, type ReportMutant } from './mutation-summary.js';

const at = (line: number, column: number) => ({ start: { line, column } });
let next = 0;
const mutant = (status: ReportMutant['status'], line: number, extra: Partial<ReportMutant> = {}): ReportMutant => ({
  id: String(next++),
  mutatorName: 'ConditionalExpression',
  replacement: 'false',
  location: at(line, 5),
  status,
  ...extra,
});

const report = {
  files: {
    'impl/single-leader/commit.ts': {
      mutants: [
        mutant('Killed', 1, { duration: 40, statusReason: 'single-leader gate: run 0 broke liveness [after 1 runs]' }),
        mutant('Killed', 2, { duration: 900, statusReason: 'single-leader gate: run 41 broke linearizable [after 42 runs]' }),
        mutant('Timeout', 3, { duration: 5000 }),
        mutant('Survived', 4),
        mutant('Survived', 5, { replacement: 'a  ||\n b', mutatorName: 'LogicalOperator' }),
        // A second mutant with the same position, mutator and replacement (a condition and its first part): one entry explains both.
        mutant('Survived', 5, { replacement: 'a || b', mutatorName: 'LogicalOperator' }),
        mutant('Ignored', 6),
      ],
    },
    'impl/leaderless/escrow.ts': { mutants: [mutant('NoCoverage', 9), mutant('RuntimeError', 10)] },
    'properties/scheduler/decision-violations.ts': { mutants: [mutant('Killed', 1, { duration: 10, statusReason: 'laws [after 3 runs]' })] },
  },
};

test('survivors listed as equivalent leave the score; the others are listed as unexplained, and entries matching nothing as stale', () => {
  const equivalents = parseEquivalentMutants(
    [
      '| impl/single-leader/commit.ts | 5:5 | LogicalOperator | `a \\|\\| b` | both are false whenever it runs |',
      '| impl/single-leader/commit.ts | 77:5 | ConditionalExpression | `false` | moved away |',
    ].join('\n'),
    'list.md',
  );
  const summary = summarizeMutationReport(report, equivalents);
  expect(summary.groups.map((g) => g.group)).toEqual(['impl/leaderless', 'impl/single-leader', 'scheduler laws']);
  const single = summary.groups.find((g) => g.group === 'impl/single-leader')!;
  expect(single).toMatchObject({ killed: 2, timedOut: 1, survived: 3, equivalent: 2, ignored: 1 });
  // 3 detected over 6 counted less 2 equivalent.
  expect(mutationScore(single)).toBe(3 / 4);
  const leaderless = summary.groups.find((g) => g.group === 'impl/leaderless')!;
  expect(leaderless).toMatchObject({ noCoverage: 1, errors: 1 });
  expect(mutationScore(leaderless)).toBe(0);
  expect(summary.total).toMatchObject({ killed: 3, timedOut: 1, survived: 3, noCoverage: 1, equivalent: 2 });
  expect(summary.unexplained.map((m) => `${m.file}:${m.location.start.line}`)).toEqual(['impl/leaderless/escrow.ts:9', 'impl/single-leader/commit.ts:4']);
  expect(summary.stale.map((e) => e.line)).toEqual([77]);
  expect(summary.medianKillMs).toBe(900);
  expect(summary.medianKillRuns).toBe(3);
});

test('runs to kill are read from the end of the reason the gate runner writes', () => {
  expect(runsToKill('gate: run 0 broke liveness [after 1 runs]')).toBe(1);
  expect(runsToKill('laws [after 12 runs]')).toBe(12);
  expect(runsToKill(undefined)).toBeNull();
  expect(runsToKill('the mutant ran past its hit limit')).toBeNull();
  expect(mutationScore({ group: 'x', killed: 0, timedOut: 0, survived: 0, noCoverage: 0, equivalent: 0, errors: 3, ignored: 2 })).toBeNull();
});
