import fc from 'fast-check';
import { findBuiltinScheduler } from '../../impl/schedulers/builtin-schedulers.js';
import type { Scheduler } from '../../impl/schedulers/define-scheduler.js';
import type { ClusterKind } from '../../impl/sim-config.js';
import { builtClusters } from '../cluster-registry.js';
import { tooFewRuns } from '../check-gate.js';
import { inconclusiveReason } from '../gate-coverage.js';
import { searchInProcess, type GateSearchSpec } from '../gate-search.js';
import { GateTally } from '../gate-tally.js';
import { inProcessSession } from '../scheduler/in-process-session.js';
import { readOpenbNodes } from '../scheduler/openb-nodes.js';
import { readOpenbPods } from '../scheduler/openb-pods.js';
import { SAMPLE_NODES, SAMPLE_PODS } from '../scheduler/openb-trace-files.js';
import { runWorkload } from '../scheduler/run-workload.js';
import { drawnWorkloadArbitrary, schedulerWorkloadArbitrary, type SchedulerWorkload, type WorkloadDraws } from '../scheduler/scheduler-workload.js';
import { traceRequest } from '../scheduler/trace-workload.js';
import { clusterSearchOutcome, lawSearchOutcome, type ClusterSearch, type GateTestOutcome, type LawExpectation, type LawSearch } from './gate-test-outcome.js';
import { LAW_BREAKERS } from './law-breaking-schedulers.js';
import { LAW_REFERENCE_SCHEDULERS } from './law-reference-schedulers.js';

/** How much each gate may do for one mutant: a fixed seed and a count of runs, so that a mutant's verdict never depends on the machine. */
export interface MutationBudget {
  readonly seed: number;
  /** Runs of each cluster's gate. */
  readonly clusterRuns: number;
  /** Workloads of the scheduler check, per reference scheduler and workload kind. */
  readonly lawRuns: number;
}

/** One test Stryker runs for a mutant: one gate, judged by `GateTestOutcome`. */
export interface MutationTest {
  readonly id: string;
  run(): Promise<GateTestOutcome>;
}

function errorMessage(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n')[0] ?? text;
}

/**
 * A cluster's gate, as `faultline check --cluster KIND --seed S --runs N`
 * searches and judges: its runs in order, each stopping at its first
 * violation, until one breaks a property, tallied and judged inconclusive by
 * the gate's own rules. It does not shrink (only the verdict matters here),
 * and a run that throws ends the search as a crash. `mutants` plants catalog
 * bugs, for tests.
 */
export async function searchClusterGate(kind: ClusterKind, seed: number, runs: number, mutants: readonly string[] = []): Promise<ClusterSearch> {
  const spec: GateSearchSpec = { clusters: [kind], mutants, scheduler: undefined, seed, shard: { index: 0, count: 1 }, runs, checkDeterminism: false };
  const tally = new GateTally(spec.shard);
  let crash: ClusterSearch['crash'] = null;
  try {
    await searchInProcess(spec, undefined, () => false, (record) => tally.add(record));
  } catch (error) {
    crash = { index: tally.count, message: errorMessage(error) };
  }
  const { runs: counted, undecided, coverage, stop } = tally.summary();
  const violation = stop === null ? null : { index: stop.index, property: stop.property ?? stop.verdict };
  const inconclusive = violation === null && crash === null ? (inconclusiveReason(coverage, undecided) ?? tooFewRuns(counted, runs)) : null;
  return { runs: counted + (crash === null ? 0 : 1), violation, crash, inconclusive };
}

/** Node sizes and pod shapes of the project's own openb sample, which give the scheduler check GPU workloads. */
function sampleDraws(): WorkloadDraws {
  const requests = readOpenbPods(SAMPLE_PODS).map((pod) => traceRequest(pod)).map(({ tenant: _tenant, id: _id, ...shape }) => shape);
  return { nodes: readOpenbNodes(SAMPLE_NODES), requests };
}

/**
 * The scheduler check's search (`faultline check --scheduler NAME --seed S
 * --runs N`, with `--nodes/--pods` for drawn workloads): workloads in the
 * seed's order until one breaks a law, without shrinking.
 */
export async function searchScheduler(scheduler: Scheduler, arbitrary: fc.Arbitrary<SchedulerWorkload>, seed: number, runs: number): Promise<LawSearch> {
  const session = inProcessSession(scheduler, 100_000);
  let made = 0;
  let found: LawSearch | null = null;
  await fc.check(
    fc.asyncProperty(arbitrary, async (workload) => {
      made++;
      try {
        const outcome = await runWorkload(workload, session, { withoutQualityFigures: true });
        if (outcome.kind === 'held') return true;
        found = { kind: 'violated', runs: made, property: outcome.violation.property, message: outcome.violation.message };
      } catch (error) {
        found = { kind: 'crashed', runs: made, message: errorMessage(error) };
      }
      return false;
    }),
    { seed, numRuns: runs, endOnFailure: true },
  );
  return found ?? { kind: 'held', runs: made };
}

/**
 * The tests a mutant is run against: the gate of each built cluster, and the
 * scheduler check on each reference scheduler and planted law-breaker, on
 * generated workloads and on workloads drawn from the openb sample (the only
 * ones with GPUs). Stryker
 * learns from its first run which tests reach which mutant, and runs only
 * those.
 */
export async function mutationTests(budget: MutationBudget): Promise<MutationTest[]> {
  const clusters = builtClusters().map(
    (kind): MutationTest => ({ id: `gate ${kind}`, run: async () => clusterSearchOutcome(kind, await searchClusterGate(kind, budget.seed, budget.clusterRuns)) }),
  );
  const workloads = { generated: schedulerWorkloadArbitrary, drawn: drawnWorkloadArbitrary(sampleDraws()) };
  const names = { generated: 'generated workloads', drawn: 'openb sample workloads' };
  const references: { scheduler: Scheduler; generated: LawExpectation | null; drawn: LawExpectation | null }[] = [];
  for (const reference of LAW_REFERENCE_SCHEDULERS) references.push({ ...reference, scheduler: findBuiltinScheduler(reference.scheduler) ?? (await loadFixture(reference.scheduler)) });
  for (const { scheduler, expected, on } of LAW_BREAKERS) references.push({ scheduler, generated: on === 'drawn' ? null : expected, drawn: on === 'generated' ? null : expected });
  const laws: MutationTest[] = [];
  for (const { scheduler, ...expectations } of references) {
    for (const kind of ['generated', 'drawn'] as const) {
      const expected = expectations[kind];
      if (expected === null) continue;
      laws.push({
        id: `laws ${scheduler.name} on ${names[kind]}`,
        run: async () => lawSearchOutcome(scheduler.name, expected, await searchScheduler(scheduler, workloads[kind], budget.seed, budget.lawRuns)),
      });
    }
  }
  return [...clusters, ...laws];
}

async function loadFixture(file: string): Promise<Scheduler> {
  const module = (await import(new URL(`../scheduler/fixtures/${file}`, import.meta.url).href)) as { default: Scheduler };
  return module.default;
}
