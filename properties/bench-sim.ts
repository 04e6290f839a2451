import type { Protocol } from '../impl/world/node-logic.js';
import { World } from '../impl/world/world.js';
import { runGate } from './check-gate.js';
import { clusterEntry } from './cluster-registry.js';
import type { ObservedWorld, RunContext } from './observer.js';

export interface SimBenchResult {
  readonly nodeCount: number;
  /** Median over the repetitions of message deliveries per second of wall time, on this thread. */
  readonly deliveriesPerSecond: number;
  readonly stepsPerSecond: number;
  /** The same with the digest covering message contents (what traces, replays and --check-determinism use). */
  readonly contentDigestDeliveriesPerSecond: number;
  readonly deliveriesPerRepetition: number;
  readonly repetitions: number;
  /** Gate runs (fault-schedule runs, generation and checking included) per second of elapsed time, one thread. */
  readonly gateRunsPerSecond: number;
  readonly gateRuns: number;
  /** Threads the gate ran on. */
  readonly gateWorkers: number;
  /** The gate's time budget. */
  readonly gateSeconds: number;
  /** How long the gate actually ran: it overshoots its budget by the run in progress, and stops early on a failure. */
  readonly gateElapsedSeconds: number;
}

/**
 * Measures the simulator on one core: a 5-node single-leader cluster with no
 * faults, whose traffic is heartbeats and their replies, run for a long
 * simulated time; then the gate itself for a few seconds.
 */
export async function benchSim(options: { repetitions: number; ticks: number; gateSeconds: number; gateWorkers?: number }): Promise<SimBenchResult> {
  const nodeCount = 5;
  const entry = clusterEntry('single-leader');
  const base = entry.defaultConfig(nodeCount, []);
  const config = { ...base, world: { ...base.world, faultPhaseTicks: options.ticks, livenessBoundTicks: 0, maxSteps: Number.MAX_SAFE_INTEGER } };
  const samples: { deliveries: number; steps: number; ms: number }[] = [];
  const contentSamples: { deliveries: number; steps: number; ms: number }[] = [];
  for (let repetition = 0; repetition < 2 * (options.repetitions + 1); repetition++) {
    // Repetitions alternate between the plain digest and the one over message contents, so that both see the same machine load.
    const digestContents = repetition % 2 === 1;
    // The bench runs the bare world: no observers, so a report from the scheduler guard would be a bug.
    const context: RunContext<Protocol> = {
      config,
      get world(): ObservedWorld<Protocol> {
        throw new Error('the simulator bench has no observers');
      },
      history: [],
      fail: (property, message) => {
        throw new Error(`${property}: ${message}`);
      },
      count: () => undefined,
      inconclusive: () => undefined,
    };
    const world = new World<Protocol>(config.world, entry.logic(config, context), Math.floor(repetition / 2) + 1, [], [], { record: false, digestContents });
    let deliveries = 0;
    const started = performance.now();
    for (let info = world.step(options.ticks); info !== null; info = world.step(options.ticks)) {
      if (info.kind === 'deliver') deliveries++;
    }
    const ms = performance.now() - started;
    // The first repetition of each kind warms the JIT up and is not counted.
    if (repetition > 1) (digestContents ? contentSamples : samples).push({ deliveries, steps: world.stepCount, ms });
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const gateStarted = performance.now();
  const gateWorkers = options.gateWorkers ?? 1;
  const gate = await runGate({ cluster: 'single-leader', mutant: null, runs: undefined, timeBudgetMs: options.gateSeconds * 1000, seed: 42, workers: gateWorkers });
  const gateElapsedSeconds = (performance.now() - gateStarted) / 1000;
  return {
    nodeCount,
    deliveriesPerSecond: Math.round(median(samples.map((s) => (s.deliveries / s.ms) * 1000))),
    stepsPerSecond: Math.round(median(samples.map((s) => (s.steps / s.ms) * 1000))),
    contentDigestDeliveriesPerSecond: Math.round(median(contentSamples.map((s) => (s.deliveries / s.ms) * 1000))),
    deliveriesPerRepetition: samples[0]?.deliveries ?? 0,
    repetitions: samples.length,
    gateRunsPerSecond: Math.round(gate.runs / gateElapsedSeconds),
    gateRuns: gate.runs,
    gateWorkers,
    gateSeconds: options.gateSeconds,
    gateElapsedSeconds,
  };
}
