import type { Protocol } from '../impl/world/node-logic.js';
import type { LedgerClientOp } from '../model/ledger-command.js';
import type { LedgerOutput } from '../model/ledger-spec.js';
import type { ObserverFactory } from './observer.js';

/**
 * How long a placed job may take beyond its own duration (stretched by the
 * clock drift bound) to be reported complete, counted from its placement or
 * from the heal, whichever is later: time for a leader to be elected, for the
 * job's node to learn of it, and for the completion to commit. Correct runs
 * stay far below it (over 800 gate runs of each cluster the most was 645
 * ticks, the 99th percentile 180); a job that is never started, or never
 * completed, exceeds it in every run that lasts long enough.
 */
export const JOB_COMPLETION_SLACK_TICKS = 1_000;

/** A ledger cluster's client protocol, as far as the observer reads it. */
type LedgerProtocol = Protocol & { readonly op: LedgerClientOp; readonly output: LedgerOutput };

/** A job a client was told is placed (or moved), and when. */
interface PlacedJob {
  readonly durationTicks: number;
  tick: number;
  /** The nodes its progress depends on where it was placed (moves are kept apart): if one of them leaves, the job may never finish, and nothing is required of it. */
  readonly nodes: Set<number>;
}

/**
 * `liveness`, for the jobs themselves: once every fault has healed, a job a
 * client was told is placed must run and be completed, by its agent when
 * its time is up or by a client's complete, within its duration and
 * `JOB_COMPLETION_SLACK_TICKS` of its placement (or of its latest move, or of
 * the heal). Jobs whose progress depends on a node that left are exempt (a
 * node it was moved to counts, and so does one a move was asked to whose
 * answer was lost: the move may have taken effect unseen), and so are jobs
 * placed too late in the run to be due before it ends, and jobs a complete
 * was asked for whose answer was lost (it may have ended them). Without
 * this, a cluster that places jobs and never runs them, or moves one and
 * never lets it start again, passes every other property.
 *
 * `dependsOn` names the nodes a job's progress needs, from the job id and the
 * placement the client saw: the node it runs on for a cluster that runs jobs
 * on nodes, the job's home node for one whose home node ends it.
 */
export function jobProgressObserver<P extends LedgerProtocol>(dependsOn: (job: string, placedOn: string, nodeCount: number) => readonly number[]): ObserverFactory<P> {
  return {
    properties: ['liveness'],
    counters: [],
    events: ['heal', 'invoke', 'reply'],
    create(context) {
      const { world } = context;
      // A node's clock may run slow by the drift bound: its job then takes that much longer in true time (whole numbers, so no rounding drifts).
      const stretched = (ticks: number) => Math.ceil((ticks * (1_000_000 + world.config.driftBoundPpm)) / 1_000_000);
      let healTick = -1;
      const ops = new Map<string, LedgerClientOp>();
      const placed = new Map<string, PlacedJob>();
      /** Per job, completes asked for and not answered "unknown job": any of them may have ended it, answered or not. */
      const completes = new Map<string, number>();
      /** Per job and node (`job/node`), moves asked for and not yet answered: any of them may have taken the job there unseen. */
      const movesOpen = new Map<string, number>();
      const moveKey = (job: string, node: number) => `${job}/${node}`;
      /** Per job, the nodes a move was answered "moved" to, even before its placement was answered (a retried submit can be answered late). */
      const movedTo = new Map<string, Set<number>>();
      /** Jobs reported completed: a placement answered later (a retry answered from the ledger's memory) is old news. */
      const ended = new Set<string>();
      return {
        onEvent(event) {
          if (event.kind === 'heal') healTick = event.tick;
          else if (event.kind === 'invoke') {
            const op = event.op as LedgerClientOp;
            ops.set(`${event.client}/${event.requestId}`, op);
            if (op.kind === 'complete') completes.set(op.job, (completes.get(op.job) ?? 0) + 1);
            if (op.kind === 'move') movesOpen.set(moveKey(op.job, op.node), (movesOpen.get(moveKey(op.job, op.node)) ?? 0) + 1);
          }
          else if (event.kind === 'reply' && event.reply.kind === 'result') {
            const key = `${event.client}/${event.requestId}`;
            const op = ops.get(key);
            const output = event.reply.output as LedgerOutput;
            if (op === undefined) return;
            // The network may deliver a reply twice, and a retried request may be answered again: only the first
            // answer counts (an "unknown job" counted twice would cancel a complete whose answer was lost).
            ops.delete(key);
            if (op.kind === 'submit' && output.kind === 'placed' && !ended.has(op.job)) {
              placed.set(op.job, { durationTicks: op.durationTicks, tick: event.tick, nodes: new Set(dependsOn(op.job, output.node, world.config.nodeCount)) });
            } else if (op.kind === 'move') {
              // Answered: a refused move took the job nowhere, and a move that was made counts as one below.
              movesOpen.set(moveKey(op.job, op.node), (movesOpen.get(moveKey(op.job, op.node)) ?? 1) - 1);
              if (output.kind !== 'moved') return;
              movedTo.set(op.job, (movedTo.get(op.job) ?? new Set()).add(op.node));
              const job = placed.get(op.job);
              if (job !== undefined) job.tick = event.tick;
            } else if (op.kind === 'complete') {
              if (output.kind === 'unknown-job') completes.set(op.job, (completes.get(op.job) ?? 1) - 1);
              else {
                placed.delete(op.job);
                ended.add(op.job);
              }
            }
          }
        },
        finish() {
          if (healTick < 0) return;
          for (const [id, job] of placed) {
            const mayRunOn = (node: number) => job.nodes.has(node) || movedTo.get(id)?.has(node) === true || (movesOpen.get(moveKey(id, node)) ?? 0) > 0;
            const dependsOnLeft = Array.from({ length: world.config.nodeCount }, (_, node) => node).some((node) => mayRunOn(node) && world.status(node) === 'left');
            if ((completes.get(id) ?? 0) > 0 || dependsOnLeft) continue;
            const due = Math.max(job.tick, healTick) + stretched(job.durationTicks) + JOB_COMPLETION_SLACK_TICKS;
            if (due > world.tick) continue;
            context.fail('liveness', `job ${id}, placed (or last moved) at tick ${job.tick} for ${job.durationTicks} ticks, was still not completed at tick ${world.tick}, though due by tick ${due}`);
            return;
          }
        },
      };
    },
  };
}
