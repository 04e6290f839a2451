import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { BUILTIN_SCHEDULERS } from '../../impl/schedulers/builtin-schedulers.js';
import { FaultlineError } from '../../model/faultline-error.js';
import { checkScheduler, type CheckSchedulerOptions } from './check-scheduler.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const tracesDir = mkdtempSync(join(tmpdir(), 'faultline-scheduler-'));
const BUDGET_MS = 5_000;
/** The two ports of the origin document, kept wrong on purpose. */
const UNSAFE_BY_DESIGN = ['origin-equations', 'origin-naive-manager'];
const check = (scheduler: string, extra: Partial<CheckSchedulerOptions> = {}) =>
  checkScheduler({ scheduler, seed: 20261126, runs: 300, timeBudgetMs: BUDGET_MS, tracesDir, ...extra });

describe('faultline check --scheduler, programmatically', () => {
  for (const scheduler of BUILTIN_SCHEDULERS) {
    const holds = !UNSAFE_BY_DESIGN.includes(scheduler.name);
    test(`built-in ${scheduler.name} ${holds ? 'holds' : 'is caught'}`, async () => {
      const result = await check(scheduler.name);
      if (holds) {
        expect(result.result).toBe('pass');
        expect(result.runs).toBe(300);
        expect(result.quality?.utilization).toBeGreaterThan(0);
      } else {
        expect(result.result).toBe('fail');
        expect(['conservation', 'termination']).toContain(result.violations[0]?.property);
      }
    });
  }

  test('origin-equations breaks conservation', async () => {
    const result = await check('origin-equations');
    expect(result.violations.map((v) => v.property)).toEqual(['conservation']);
  });

  test('a copy of best-fit with an off-by-one capacity check is caught as conservation and shrunk to a few requests', async () => {
    const result = await check(fixture('off-by-one-best-fit.ts'));
    expect(result.result).toBe('fail');
    const [violation] = result.violations;
    expect(violation?.property).toBe('conservation');
    expect(violation?.requests).toBeLessThanOrEqual(3);
    const trace = JSON.parse(readFileSync(violation?.trace ?? '', 'utf8')) as Record<string, unknown>;
    expect(trace).toMatchObject({ scheduler: 'best-fit-off-by-one', property: 'conservation', seed: 20261126, path: violation?.path });
    expect(trace.message).toMatch(/would hold \w+=(\d+) of capacity/);
    // The same seed finds and shrinks to the same counterexample.
    const again = await check(fixture('off-by-one-best-fit.ts'));
    expect(again.violations[0]?.path).toBe(violation?.path);
  });

  test.each([
    ['never-returns.ts', /did not return within 1000 ms/],
    ['throws.ts', /threw Error: cannot schedule/],
    ['garbage.ts', /not a whole number/],
  ])('%s is reported as termination within the budget', async (file, message) => {
    const started = performance.now();
    const result = await check(fixture(file));
    expect(result.result).toBe('fail');
    expect(result.violations[0]).toMatchObject({ property: 'termination', message: expect.stringMatching(message) });
    // The budget bounds the search; loading the worker (tsx compiles the file) comes on top.
    expect(performance.now() - started).toBeLessThan(BUDGET_MS + 5_000);
  });

  test('the example scheduler holds', async () => {
    const example = fileURLToPath(new URL('../../examples/my-scheduler.ts', import.meta.url));
    const result = await check(example, { runs: 100 });
    expect(result.result).toBe('pass');
    expect(result.scheduler).toBe('capped-spread');
  });

  test.each([
    ['an unknown name', 'no-such-scheduler', 'unknown-scheduler'],
    ['a missing file', './no/such/file.ts', 'file-missing'],
    ['a module without a scheduler', fixture('no-default-export.ts'), 'unknown-scheduler'],
  ])('%s is bad input with a stable code', async (_what, scheduler, code) => {
    const failure = await check(scheduler).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FaultlineError);
    expect((failure as FaultlineError).code).toBe(code);
  });
});
