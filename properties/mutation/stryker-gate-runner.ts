import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { commonTokens, declareClassPlugin, PluginKind, tokens } from '@stryker-mutator/api/plugin';
import { INSTRUMENTER_CONSTANTS, type MutantCoverage, type StrykerOptions } from '@stryker-mutator/api/core';
import {
  DryRunStatus,
  MutantRunStatus,
  TestStatus,
  type DryRunResult,
  type MutantRunOptions,
  type MutantRunResult,
  type TestResult,
  type TestRunner,
  type TestRunnerCapabilities,
} from '@stryker-mutator/api/test-runner';
// Types only: the code under test must come from Stryker's sandbox (below), never from this checkout.
import type { MutationBudget, MutationTest } from './mutation-tests.js';

/**
 * A Stryker test runner whose tests are faultline's gates, run in this
 * process: Stryker instruments every mutant into one build (mutation
 * switching), and the runner switches each on through Stryker's global
 * namespace and runs the gates that reach it. No process starts per mutant,
 * except for the few mutants in code that runs while modules load, which
 * Stryker runs in a fresh process (this runner cannot reload modules).
 */

/** The part of Stryker's global namespace the instrumented code reads and writes. */
interface StrykerNamespace {
  activeMutant?: string | undefined;
  currentTestId?: string | undefined;
  mutantCoverage?: MutantCoverage | undefined;
  hitCount?: number | undefined;
  hitLimit?: number | undefined;
}

function strykerNamespace(): StrykerNamespace {
  const global = globalThis as unknown as Record<string, StrykerNamespace | undefined>;
  return (global[INSTRUMENTER_CONSTANTS.NAMESPACE] ??= {});
}

/** The budget from Stryker's configuration (`faultlineGate`), with the defaults `npm run bench:mutation` uses. */
export function mutationBudget(options: StrykerOptions): MutationBudget {
  const given = (options['faultlineGate'] ?? {}) as Partial<MutationBudget>;
  return { seed: given.seed ?? 1, clusterRuns: given.clusterRuns ?? 100, lawRuns: given.lawRuns ?? 200 };
}

/** Loads the gates from the sandbox, which is the test runner's working directory: there the code is instrumented. */
async function sandboxTests(budget: MutationBudget): Promise<MutationTest[]> {
  const module = (await import(pathToFileURL(join(process.cwd(), 'properties/mutation/mutation-tests.ts')).href)) as typeof import('./mutation-tests.js');
  return module.mutationTests(budget);
}

export class GateTestRunner implements TestRunner {
  static readonly inject = tokens(commonTokens.options);
  private tests: MutationTest[] | undefined;
  private readonly budget: MutationBudget;
  private readonly loadTests: (budget: MutationBudget) => Promise<MutationTest[]>;

  /**
   * `loadTests` is for tests of the runner itself; Stryker gives only the
   * options. (No parameter properties: a Stryker process without tsx loads
   * this file with Node's own type stripping, which does not take them.)
   */
  constructor(options: StrykerOptions, loadTests: (budget: MutationBudget) => Promise<MutationTest[]> = sandboxTests) {
    this.budget = mutationBudget(options);
    this.loadTests = loadTests;
  }

  capabilities(): TestRunnerCapabilities {
    return { reloadEnvironment: false };
  }

  /** Loads the tests once; for a mutant in code that runs while modules load, only after it is switched on. */
  private async load(): Promise<MutationTest[]> {
    this.tests ??= await this.loadTests(this.budget);
    return this.tests;
  }

  async dryRun(): Promise<DryRunResult> {
    const ns = strykerNamespace();
    ns.activeMutant = undefined;
    const tests = await this.load();
    const results: TestResult[] = [];
    for (const test of tests) {
      ns.currentTestId = test.id;
      const started = performance.now();
      const outcome = await test.run();
      const timeSpentMs = Math.round(performance.now() - started);
      results.push(
        outcome.kind === 'passed'
          ? { id: test.id, name: test.id, status: TestStatus.Success, timeSpentMs }
          : { id: test.id, name: test.id, status: TestStatus.Failed, timeSpentMs, failureMessage: outcome.reason },
      );
    }
    ns.currentTestId = undefined;
    return { status: DryRunStatus.Complete, tests: results, mutantCoverage: ns.mutantCoverage ?? { static: {}, perTest: {} } };
  }

  async mutantRun(options: MutantRunOptions): Promise<MutantRunResult> {
    const ns = strykerNamespace();
    // Set before the modules load, for a mutant in code that runs while they load (Stryker starts a fresh process for those).
    ns.activeMutant = options.activeMutant.id;
    ns.hitLimit = options.hitLimit;
    ns.hitCount = options.hitLimit === undefined ? undefined : 0;
    const tests = (await this.load()).filter((test) => options.testFilter === undefined || options.testFilter.includes(test.id));
    const started = performance.now();
    let ran = 0;
    for (const test of tests) {
      const outcome = await test.run();
      const duration = Math.round(performance.now() - started);
      ran++;
      if (ns.hitCount !== undefined && ns.hitLimit !== undefined && ns.hitCount > ns.hitLimit) {
        return { status: MutantRunStatus.Timeout, reason: `the mutant ran ${ns.hitCount} times, past the limit of ${ns.hitLimit} (an endless loop?)`, duration };
      }
      if (outcome.kind === 'failed') {
        return { status: MutantRunStatus.Killed, killedBy: [test.id], failureMessage: `${outcome.reason} [after ${outcome.runs} runs]`, nrOfTests: ran, duration };
      }
    }
    return { status: MutantRunStatus.Survived, nrOfTests: ran, duration: Math.round(performance.now() - started) };
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.TestRunner, 'faultline-gate', GateTestRunner)];

/** Lets Stryker's configuration carry the budget without an "unknown option" warning. */
export const strykerValidationSchema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  type: 'object',
  properties: {
    faultlineGate: {
      type: 'object',
      description: 'The budget of each gate per mutant: a fixed seed and counts of runs.',
      properties: { seed: { type: 'integer' }, clusterRuns: { type: 'integer', minimum: 1 }, lawRuns: { type: 'integer', minimum: 1 } },
      additionalProperties: false,
    },
  },
};
