import { FaultlineError } from '../../model/faultline-error.js';
import { demandProfile } from '../../model/gpu-fragmentation.js';
import { openSchedulerSession } from './open-scheduler-session.js';
import type { TracePod } from './openb-pods.js';
import { runWorkload } from './run-workload.js';
import type { SchedulerViolation } from './scheduler-violation.js';
import type { WorkloadNode } from './scheduler-workload.js';
import { TraceFigureTracker, type TraceFigures } from './trace-figures.js';
import { fillArrivals, traceWorkload, type FillArrivals, type ReplayMode } from './trace-workload.js';

export interface TraceReplayOptions {
  readonly nodes: readonly WorkloadNode[];
  readonly pods: readonly TracePod[];
  readonly mode: ReplayMode;
  /** Fill mode only: extra arrivals and their order, as the FGD paper fills a cluster. */
  readonly fill?: FillArrivals | undefined;
  /** Built-in names or module paths, replayed one after the other on the same trace. */
  readonly schedulers: readonly string[];
  readonly cwd?: string;
  /** Wall-clock limit of one call of a user scheduler (default 1 000 ms). */
  readonly callTimeoutMs?: number;
  /** Called before each scheduler's replay starts. */
  readonly onStart?: (scheduler: string) => void;
}

export interface TraceReplayRow {
  /** The name the scheduler gave itself. */
  readonly name: string;
  /** As given: a built-in name or a module path. */
  readonly argument: string;
  /** Undefined when every decision obeyed every law; else the first broken property and the pod it concerned. */
  readonly violation: (SchedulerViolation & { readonly pod: string }) | undefined;
  /** Figures up to the end of the trace, or up to the broken decision. */
  readonly figures: TraceFigures;
  readonly durationMs: number;
}

/** A step limit that lets a policy look at every node of a large cluster many times in one call, and still stops a loop that never ends. */
function traceStepLimit(nodes: number): number {
  return Math.max(100_000, nodes * 5_000);
}

/**
 * Replays a trace against each scheduler through the same harness as
 * `check --scheduler`: every decision is checked for `conservation` and
 * `termination` (each call made twice) before it is applied, the first
 * broken law ends that scheduler's replay, and the figures are kept as the
 * cluster changes. The trace's own demand profile is the expected demand.
 */
export async function replaySchedulersOnTrace(options: TraceReplayOptions): Promise<readonly TraceReplayRow[]> {
  if (options.fill !== undefined && options.mode !== 'fill') throw new FaultlineError('usage', 'extra or shuffled arrivals are for fill mode only');
  const arriving = options.fill === undefined ? options.pods : fillArrivals(options.nodes, options.pods, options.fill);
  const workload = traceWorkload(options.nodes, arriving, options.mode);
  const profile = Object.freeze(demandProfile(options.pods).map((m) => Object.freeze(m)));
  const rows: TraceReplayRow[] = [];
  for (const argument of options.schedulers) {
    options.onStart?.(argument);
    const session = await openSchedulerSession(argument, { cwd: options.cwd, stepLimit: traceStepLimit(options.nodes.length), callTimeoutMs: options.callTimeoutMs });
    const started = performance.now();
    try {
      const tracker = new TraceFigureTracker(profile);
      const outcome = await runWorkload(workload, session, {
        expectedDemand: profile,
        listener: tracker,
        onPlaceCall: (ms, decided) => tracker.placeCall(ms, decided),
        onEventDone: () => tracker.eventDone(),
        withoutQualityFigures: true,
      });
      const durationMs = performance.now() - started;
      let violation: TraceReplayRow['violation'];
      if (outcome.kind === 'violated') {
        const event = workload.events[outcome.eventIndex];
        const pod = event?.kind === 'submit' ? (event.requests[0]?.id ?? '') : event?.kind === 'depart' ? event.requestId : '';
        violation = { ...outcome.violation, pod };
      }
      rows.push({ name: session.name, argument, violation, figures: tracker.figures(), durationMs });
    } finally {
      await session.close();
    }
  }
  return rows;
}
