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
 * never lets it start again, passes every other property. And a job must run
 * its time: a node's agent that completes a job sooner after its submit
 * than the job's duration (shortened by the drift bound) breaks `liveness`
 * at once, so that a node that ends jobs early, which frees their resources
 * early and passes every other property, is caught.
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
      /**
       * Per job, the requests (`client/requestId`) that asked to complete it
       * and were not answered "unknown job": any of them may have ended it,
       * answered or not. Requests, not a count: an answer can arrive twice
       * (the network duplicates it), and must not cancel another request.
       */
      const completes = new Map<string, Set<string>>();
      /** Per job and node (`job/node`), the moves asked for and not yet answered: any of them may have taken the job there unseen. */
      const movesOpen = new Map<string, Set<string>>();
      const moveKey = (job: string, node: number) => `${job}/${node}`;
      const opened = (open: Map<string, Set<string>>, key: string) => open.get(key) ?? open.set(key, new Set()).get(key)!;
      /** Per job, the nodes a move was answered "moved" to, even before its placement was answered (a retried submit can be answered late). */
      const movedTo = new Map<string, Set<number>>();
      /** Jobs reported completed: a placement answered later (a retry answered from the ledger's memory) is old news. */
      const ended = new Set<string>();
      /** Per job, when it was first submitted and for how long it runs: no node can have run it for its time sooner. */
      const submitted = new Map<string, { readonly tick: number; readonly durationTicks: number }>();
      const workloadClients = world.config.clients.count;
      // A node's clock may run fast by the drift bound: its job then ends that much sooner in true time (rounded down, so a correct node is never blamed).
      const shrunk = (ticks: number) => Math.floor((ticks * 1_000_000) / (1_000_000 + world.config.driftBoundPpm));
      return {
        onEvent(event) {
          if (event.kind === 'heal') healTick = event.tick;
          else if (event.kind === 'invoke') {
            const op = event.op as LedgerClientOp;
            const request = `${event.client}/${event.requestId}`;
            ops.set(request, op);
            if (op.kind === 'submit' && !submitted.has(op.job)) submitted.set(op.job, { tick: event.tick, durationTicks: op.durationTicks });
            if (op.kind === 'complete') {
              opened(completes, op.job).add(request);
              // A node's agent completes a job when its time is up on that node, so never before the job could have run for its time.
              const submit = submitted.get(op.job);
              if (event.client >= workloadClients && submit !== undefined && event.tick - submit.tick < shrunk(submit.durationTicks)) {
                context.fail('liveness', `node ${event.client - workloadClients}'s agent completed job ${op.job} at tick ${event.tick}, ${event.tick - submit.tick} ticks after it was submitted (tick ${submit.tick}), though it runs for ${submit.durationTicks} ticks: the job did not run its time`);
              }
            }
            if (op.kind === 'move') opened(movesOpen, moveKey(op.job, op.node)).add(request);
          }
          else if (event.kind === 'reply' && event.reply.kind === 'result') {
            const request = `${event.client}/${event.requestId}`;
            const op = ops.get(request);
            const output = event.reply.output as LedgerOutput;
            if (op === undefined) return;
            if (op.kind === 'submit' && output.kind === 'placed' && !ended.has(op.job)) {
              placed.set(op.job, { durationTicks: op.durationTicks, tick: event.tick, nodes: new Set(dependsOn(op.job, output.node, world.config.nodeCount)) });
            } else if (op.kind === 'move') {
              // Answered: a refused move took the job nowhere, and a move that was made counts as one below.
              movesOpen.get(moveKey(op.job, op.node))?.delete(request);
              if (output.kind !== 'moved') return;
              movedTo.set(op.job, (movedTo.get(op.job) ?? new Set()).add(op.node));
              const job = placed.get(op.job);
              if (job !== undefined) job.tick = event.tick;
            } else if (op.kind === 'complete') {
              if (output.kind === 'unknown-job') completes.get(op.job)?.delete(request);
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
            const mayRunOn = (node: number) => job.nodes.has(node) || movedTo.get(id)?.has(node) === true || (movesOpen.get(moveKey(id, node))?.size ?? 0) > 0;
            const dependsOnLeft = Array.from({ length: world.config.nodeCount }, (_, node) => node).some((node) => mayRunOn(node) && world.status(node) === 'left');
            if ((completes.get(id)?.size ?? 0) > 0 || dependsOnLeft) continue;
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
