import { describe, expect, test } from 'vitest';
import type { GateProgress } from '../properties/check-gate.js';
import { progressReporter } from './progress-reporter.js';

const coverage = { 'single-leader': { runs: 10, reached: { 'leader-elected': 10, 'job-placed': 7 } } };
const at = (elapsedMs: number, extra: Partial<GateProgress> = {}): GateProgress => ({ runs: elapsedMs / 10, elapsedMs, budgetMs: 10_000, coverage, ...extra });

function capture(isTTY: boolean) {
  const written: string[] = [];
  const reporter = progressReporter({ stdout: () => undefined, stderr: () => undefined, isTTY }, (text) => written.push(text));
  return { reporter, written };
}

describe('progressReporter', () => {
  test('on a terminal redraws one line with a bar filled by runs when a run count bounds the gate', () => {
    const { reporter, written } = capture(true);
    reporter.update(at(1_000, { runs: 250, runsPlanned: 1_000 }));
    reporter.update(at(2_000, { runs: 1_000, runsPlanned: 1_000 }));
    expect(written[0]).toMatch(/^\r\[#{6}\.{18}\] 1\.0s {2}runs 250\/1000 \(250\/s\)\x1b\[K$/);
    expect(written[1]).toMatch(/^\r\[#{24}\] 2\.0s {2}runs 1000\/1000 \(500\/s\)/);
    reporter.done();
    expect(written.at(-1)).toBe('\r\x1b[K');
  });

  test('on a terminal fills the bar by time without a run count, and says when it shrinks', () => {
    const { reporter, written } = capture(true);
    reporter.update(at(5_000));
    expect(written[0]).toMatch(/^\r\[#{12}\.{12}\] 5\.0s {2}runs 500 \(100\/s\)/);
    reporter.update(at(6_000, { phase: 'shrink', shrinkRuns: 42 }));
    expect(written[1]).toContain('shrinking the failing run: 42 candidate runs');
  });

  test('elsewhere writes plain lines with the counters, at most one every five seconds, and one when shrinking starts', () => {
    const { reporter, written } = capture(false);
    for (let ms = 0; ms <= 12_000; ms += 200) reporter.update(at(ms));
    expect(written.map((line) => line.slice(0, 16))).toEqual(['progress: 0.0s  ', 'progress: 5.0s  ', 'progress: 10.0s ']);
    expect(written[1]).toContain('runs 500 (100/s)  leader-elected 10');
    reporter.update(at(12_200, { phase: 'shrink', shrinkRuns: 1 }));
    reporter.update(at(12_400, { phase: 'shrink', shrinkRuns: 2 }));
    expect(written.slice(3)).toEqual(['progress: 12.2s  a run failed; shrinking it\n']);
    reporter.done();
    expect(written).toHaveLength(4);
  });
});
