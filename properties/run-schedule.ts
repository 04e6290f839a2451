import { electionLogic, type ElectionState } from '../impl/single-leader/election-node.js';
import type { ElectionMsg, ElectionPersisted } from '../impl/single-leader/election-msg.js';
import { World } from '../impl/world/world.js';
import type { WorldEvent } from '../impl/world/world-event.js';
import { ElectionObserver, type ElectionCoverage } from './election-observer.js';
import type { RunCase } from './run-case.js';
import type { Violation } from './violation.js';

export interface RunOptions {
  /** Keep the full event log, for traces and replay. */
  readonly record: boolean;
  /** Stop at the first violation (the gate's fast path); replay runs to the end to report every property. */
  readonly stopAtFirstViolation: boolean;
}

export interface RunOutcome {
  readonly violations: readonly Violation[];
  readonly steps: number;
  readonly ticks: number;
  readonly digest: number;
  readonly events: readonly WorldEvent<ElectionMsg>[];
  readonly coverage: ElectionCoverage;
}

/**
 * Executes one run case and checks every property of its cluster at every
 * step. `check` and `replay` both run cases through here, so a replay checks
 * exactly what the gate checked.
 */
export function runCase(runCase: RunCase, options: RunOptions): RunOutcome {
  const { config } = runCase;
  if (config.cluster !== 'single-leader') throw new Error(`cluster ${config.cluster} is not implemented`);
  const world = new World<ElectionState, ElectionMsg, ElectionPersisted>(config, electionLogic(config), runCase.worldSeed, runCase.schedule, {
    record: options.record,
  });
  const observer = new ElectionObserver(world);
  const endTick = config.faultPhaseTicks + config.livenessBoundTicks;
  for (;;) {
    const info = world.step(endTick);
    if (info === null) break;
    observer.observe(info);
    if (options.stopAtFirstViolation && observer.violations.length > 0) break;
  }
  if (!(options.stopAtFirstViolation && observer.violations.length > 0)) observer.finish(world.stepCount, endTick);
  return {
    violations: observer.violations,
    steps: world.stepCount,
    ticks: world.tick,
    digest: world.digest,
    events: world.events,
    coverage: observer.coverage(),
  };
}
