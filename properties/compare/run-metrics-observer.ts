import type { Protocol } from '../../impl/world/node-logic.js';
import { runEndTick } from '../../impl/world/world-config.js';
import type { LedgerClientOp } from '../../model/ledger-command.js';
import type { LedgerOutput } from '../../model/ledger-spec.js';
import type { Resources } from '../../model/resources.js';
import type { LeaseHolderView } from '../lease-election-observer.js';
import type { ObserverFactory } from '../observer.js';
import { ClientCapacityView, fitsSomeHost, lesserFree } from './client-capacity-view.js';
import type { RequestRecord, RunMetrics, TickSpan } from './run-metrics.js';

export interface RunMetricsSettings {
  /** The office (leader or coordinator) whose crashes and recovery are measured. */
  readonly office: LeaseHolderView<unknown>;
  /** Per host, its capacity: what the client view of free capacity starts from. */
  readonly capacities: readonly Resources[];
  /** Requests made this long after the office holder crashed count as made after the crash. */
  readonly crashWindowTicks: number;
}

/** A request in flight: its operation, its record when a workload client made it, and for a submit the least free capacity seen since. */
interface OpenRequest {
  readonly op: LedgerClientOp;
  readonly record: RequestRecord | null;
  leastFree: Resources[] | null;
  /** For a move: whether it made its target a possible host of the job. */
  readonly moveAddedHost: boolean;
  answered: boolean;
}

/** The node number of a node name (`n3`), or -1. */
function hostNumber(name: string, nodeCount: number): number {
  const match = /^n(\d+)$/.exec(name);
  const node = match === null ? -1 : Number(match[1]);
  return node < nodeCount ? node : -1;
}

/**
 * Measures one run for `compare`, into `metrics`, by watching what any user
 * of the cluster could watch (client requests and answers, faults, messages
 * on the wire) plus one reading of node state: which node serves under the
 * office's lease, the same reading `single-leader` checks. It changes
 * nothing, and reports no property.
 */
export function runMetricsObserver(settings: RunMetricsSettings, metrics: RunMetrics): ObserverFactory<Protocol> {
  const { office } = settings;
  return {
    properties: [],
    counters: [],
    events: ['invoke', 'reply', 'give-up', 'fault', 'send'],
    create(context) {
      const { world } = context;
      const nodeCount = world.config.nodeCount;
      const workloadClients = world.config.clients.count;
      const view = new ClientCapacityView(settings.capacities);
      const open = new Map<number, OpenRequest>();
      let holder = -1;
      let lastOfficeCrashTick = Number.NEGATIVE_INFINITY;
      let partition: TickSpan | null = null;
      let down: TickSpan | null = null;

      const serves = (node: number): boolean => {
        const state = world.state(node);
        return state !== undefined && !world.isPaused(node) && office.holds(state) && world.localNow(node) < office.lease(state).leaseUntilLocal;
      };
      // Every open submit keeps the least of what each host had free since it was made: only capacity free all along counts against its rejection.
      const viewChanged = () => {
        for (const request of open.values()) {
          if (request.leastFree === null || request.op.kind !== 'submit') continue;
          request.leastFree = lesserFree(request.leastFree, view.certainlyFree(request.op.job));
        }
      };
      const learn = (request: OpenRequest, output: LedgerOutput) => {
        const op = request.op;
        switch (op.kind) {
          case 'submit':
            if (output.kind === 'placed') {
              const host = hostNumber(output.node, nodeCount);
              if (host >= 0) view.placed(op.job, host, output.grant ?? op.demand);
            } else if (output.kind === 'rejected') {
              view.rejected(op.job);
            }
            break;
          case 'complete':
            if (output.kind === 'completed') view.completed(op.job);
            break;
          case 'move':
            if (output.kind === 'moved') view.moved(op.job, op.node);
            else if (output.kind === 'refused') view.moveRefused(op.job, op.node, request.moveAddedHost);
            break;
          case 'query':
            break;
        }
      };
      const someNodeDown = () => {
        for (let node = 0; node < nodeCount; node++) if (world.status(node) === 'down' || world.status(node) === 'left') return true;
        return false;
      };
      /** Opens a span when a fault comes into force, closes it when it ends; returns the open span, or null. */
      const follow = (spans: TickSpan[], current: TickSpan | null, inForce: boolean, tick: number): TickSpan | null => {
        if (inForce === (current !== null)) return current;
        if (current !== null) {
          current.toTick = tick;
          return null;
        }
        const span = { fromTick: tick, toTick: tick };
        spans.push(span);
        return span;
      };
      const trackFaults = (tick: number) => {
        partition = follow(metrics.partitions, partition, world.partitionActive(), tick);
        let crashed = false;
        for (let node = 0; node < nodeCount; node++) if (world.status(node) === 'down') crashed = true;
        down = follow(metrics.nodesCrashed, down, crashed, tick);
      };

      return {
        onEvent(event) {
          switch (event.kind) {
            case 'invoke': {
              const op = event.op as LedgerClientOp;
              const record: RequestRecord | null =
                event.client < workloadClients
                  ? {
                      kind: op.kind,
                      invokeTick: event.tick,
                      outcome: 'open',
                      endTick: null,
                      output: null,
                      duringPartition: world.partitionActive(),
                      whileNodeDown: someNodeDown(),
                      afterOfficeCrash: event.tick - lastOfficeCrashTick <= settings.crashWindowTicks,
                      rejectedWhileFree: false,
                    }
                  : null;
              if (record !== null) metrics.requests.push(record);
              let moveAddedHost = false;
              if (op.kind === 'submit') view.submitted(op.job, op.demand);
              else if (op.kind === 'move') moveAddedHost = view.moving(op.job, op.node);
              open.set(event.requestId, { op, record, leastFree: op.kind === 'submit' && record !== null ? view.certainlyFree(op.job) : null, moveAddedHost, answered: false });
              viewChanged();
              return;
            }
            case 'reply': {
              const request = open.get(event.requestId);
              if (event.reply.kind !== 'result' || request === undefined || request.answered) return;
              // A late answer (the client gave up) still tells where the job went; it is not an answer to the client.
              request.answered = true;
              metrics.answersByNode[event.from] = (metrics.answersByNode[event.from] ?? 0) + 1;
              const output = event.reply.output as LedgerOutput;
              const record = request.record;
              if (record !== null && record.outcome === 'open') {
                record.outcome = 'answered';
                record.endTick = event.tick;
                record.output = output.kind;
                if (output.kind === 'rejected' && request.op.kind === 'submit' && request.leastFree !== null) {
                  record.rejectedWhileFree = fitsSomeHost(request.op.demand, lesserFree(request.leastFree, view.certainlyFree(request.op.job)));
                }
              }
              request.leastFree = null;
              learn(request, output);
              viewChanged();
              return;
            }
            case 'give-up': {
              const request = open.get(event.requestId);
              if (request?.record != null && request.record.outcome === 'open') {
                request.record.outcome = 'gave-up';
                request.record.endTick = event.tick;
                request.leastFree = null;
              }
              return;
            }
            case 'fault': {
              const fault = event.fault;
              // The event comes before the fault strikes: the node's state still says whether it serves.
              if ((fault.kind === 'crash' || fault.kind === 'leave') && serves(fault.node)) {
                metrics.officeCrashes.push({ tick: event.tick, node: fault.node, recoveredTick: null });
                lastOfficeCrashTick = event.tick;
              }
              return;
            }
            case 'send':
              metrics.sends++;
              if (holder >= 0 && (event.from === holder || event.to === holder)) metrics.officeSends++;
              return;
            default:
              return;
          }
        },
        afterStep(info) {
          if (info.kind === 'fault' || info.kind === 'heal') trackFaults(info.tick);
          if (holder >= 0 && !serves(holder)) holder = -1;
          // A node starts serving only in a step of its own, so looking at the node the step touched finds every new holder.
          if (info.node >= 0 && info.node !== holder && serves(info.node)) holder = info.node;
          if (holder < 0) return;
          for (let index = metrics.officeCrashes.length - 1; index >= 0; index--) {
            const crash = metrics.officeCrashes[index]!;
            if (crash.recoveredTick !== null) break;
            crash.recoveredTick = info.tick;
          }
        },
        finish() {
          const end = runEndTick(world.config);
          if (partition !== null) partition.toTick = end;
          if (down !== null) down.toTick = end;
        },
      };
    },
  };
}
