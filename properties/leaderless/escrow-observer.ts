import { initialHard } from '../../impl/leaderless/escrow-hard.js';
import type { LeaderlessHard } from '../../impl/leaderless/leaderless-state.js';
import { addResources, formatResources, NO_RESOURCES, RESOURCE_DIMENSIONS, resourcesEqual, type Resources } from '../../model/resources.js';
import type { ObserverFactory, RunContext } from '../observer.js';
import type { LeaderlessView } from './leaderless-view.js';

/** A transfer the observer has seen sent, and how many copies of it the network still carries. */
interface SeenTransfer {
  readonly from: number;
  readonly to: number;
  readonly host: number;
  readonly amount: Resources;
  copies: number;
}

/**
 * The escrow against its invariants, read from what the nodes have on disk
 * (a node acts on a change only after writing it, so the disks are the
 * escrow's truth; a node that left keeps what it last wrote, out of use):
 *
 * - `conservation`: for every host and dimension, the shares every node
 *   holds, plus what is in flight between nodes, plus what granted jobs hold,
 *   add up to the host's capacity after every step, and no share is negative.
 *   A transfer is in flight from the moment it is sent until its receiver has
 *   applied it, as long as its sender still records it as unacknowledged or
 *   the network still carries a copy of it: a transfer that is neither
 *   recorded nor on the wire has been lost.
 * - `no-lost-ack`: when a client receives an answer, the node that gave it has
 *   that answer on disk (as the client's last request, or a later one).
 * - `job-exclusivity`: no job is granted by two nodes at once.
 */
export const escrowObserver: ObserverFactory<LeaderlessView> = {
  properties: ['conservation', 'no-lost-ack', 'job-exclusivity'],
  counters: [{ id: 'transfer-applied', label: 'moved capacity between nodes' }],
  events: ['persist', 'send', 'deliver', 'drop', 'reply'],
  // Of the messages, only transfers move capacity.
  messages: ['transfer'],
  create(context: RunContext<LeaderlessView>) {
    const config = context.config;
    if (config.cluster.kind !== 'leaderless') throw new RangeError('the escrow observer needs a leaderless configuration');
    const capacities = config.cluster.capacities;
    const nodeCount = config.world.nodeCount;
    const durable: LeaderlessHard[] = Array.from({ length: nodeCount }, (_, node) => initialHard(node, capacities));
    const received: Set<number>[] = Array.from({ length: nodeCount }, () => new Set());
    const transfers = new Map<number, SeenTransfer>();
    const jobOwner = new Map<string, number>();
    let dirty = false;

    const onPersist = (node: number, hard: LeaderlessHard) => {
      const before = durable[node]!;
      durable[node] = hard;
      if (hard.received.length > received[node]!.size) context.count('transfer-applied', hard.received.length - received[node]!.size);
      received[node] = new Set(hard.received);
      // A transfer is in flight from the write that records it, which may come some time before it is first sent (or a crash may come between).
      for (const outgoing of hard.outgoing) {
        if (!transfers.has(outgoing.id)) transfers.set(outgoing.id, { from: node, to: outgoing.to, host: outgoing.host, amount: outgoing.amount, copies: 0 });
      }
      for (const job of before.jobs) if (jobOwner.get(job.job) === node && !hard.jobs.some((j) => j.job === job.job)) jobOwner.delete(job.job);
      for (const job of hard.jobs) {
        const owner = jobOwner.get(job.job);
        if (owner === undefined || owner === node) {
          jobOwner.set(job.job, node);
        } else if (durable[owner]!.jobs.some((j) => j.job === job.job)) {
          context.fail('job-exclusivity', `job ${job.job} is granted by node ${node} while node ${owner} still holds it`);
        } else {
          jobOwner.set(job.job, node);
        }
      }
      for (const [host, share] of hard.shares.entries()) {
        if (RESOURCE_DIMENSIONS.some((dimension) => share[dimension] < 0)) {
          context.fail('conservation', `node ${node} holds a negative share ${formatResources(share)} of host ${host}'s capacity`);
        }
      }
      dirty = true;
    };

    const inFlight = (id: number, transfer: SeenTransfer): boolean =>
      !received[transfer.to]!.has(id) && (transfer.copies > 0 || durable[transfer.from]!.outgoing.some((outgoing) => outgoing.id === id));

    const check = () => {
      const totals: Resources[] = capacities.map(() => NO_RESOURCES);
      for (const hard of durable) {
        hard.shares.forEach((share, host) => (totals[host] = addResources(totals[host]!, share)));
        for (const job of hard.jobs) totals[job.host] = addResources(totals[job.host]!, job.grant);
      }
      for (const [id, transfer] of transfers) {
        if (inFlight(id, transfer)) totals[transfer.host] = addResources(totals[transfer.host]!, transfer.amount);
        else if (transfer.copies <= 0 && received[transfer.to]!.has(id)) transfers.delete(id);
      }
      totals.forEach((total, host) => {
        if (!resourcesEqual(total, capacities[host]!)) {
          context.fail('conservation', `host ${host}'s capacity ${formatResources(capacities[host]!)} is accounted for as ${formatResources(total)} (shares + in flight + granted)`);
        }
      });
    };

    return {
      onEvent(event) {
        switch (event.kind) {
          case 'persist':
            return onPersist(event.node, event.hard);
          case 'send':
            if (event.msg.kind !== 'transfer') return;
            {
              const known = transfers.get(event.msg.id);
              if (known === undefined) transfers.set(event.msg.id, { from: event.from, to: event.to, host: event.msg.host, amount: event.msg.amount, copies: event.copies });
              else known.copies += event.copies;
            }
            dirty = true;
            return;
          case 'deliver':
          case 'drop': {
            if (event.msg.kind !== 'transfer') return;
            const known = transfers.get(event.msg.id);
            // Loss and a full queue drop a message as it is sent, which its send event already counted as no copy.
            const atSend = event.kind === 'drop' && (event.reason === 'loss' || event.reason === 'queue-full');
            if (known !== undefined && !atSend) known.copies--;
            dirty = true;
            return;
          }
          case 'reply': {
            if (event.reply.kind !== 'result') return;
            const last = durable[event.from]!.lastByClient.find(([client]) => client === event.client)?.[1];
            if (last === undefined || last.requestId < event.requestId) {
              context.fail('no-lost-ack', `client ${event.client} received ${event.reply.output.kind} for request ${event.requestId} from node ${event.from}, which has no record of that answer on its disk`);
            }
            return;
          }
          default:
            return;
        }
      },
      afterStep() {
        if (!dirty) return;
        dirty = false;
        check();
      },
    };
  },
};
