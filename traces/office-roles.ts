import { nodeLabel } from './describe-fault.js';
import type { WorldEvent } from './trace.generated.js';
import type { Band } from './trace-timeline.js';

/** Which message kinds show what about the office, in one cluster's protocol. */
export interface OfficeMessages {
  /** Sent only by the office holder of the message's term (heartbeats, orders). */
  readonly lead: readonly string[];
  /** Sent by a candidate asking for votes in the message's term. */
  readonly campaign: readonly string[];
  /** Received from the holder of its term: a candidate of that term that gets one gives up. */
  readonly fromHolder: readonly string[];
}

/** The names a cluster gives the three roles of its elected office (Raft's leader, candidate, follower). */
export interface RoleNames {
  readonly holder: string;
  readonly candidate: string;
  readonly other: string;
}

type Role = 'holder' | 'candidate' | 'other';

/** A node as its messages show it: its term, its role in that term, and since when. */
interface NodeView {
  up: boolean;
  term: number;
  role: Role;
  since: number;
  /** The last time it acted as the office holder: a holder that falls silent has stepped down. */
  lastLead: number;
}

/**
 * Each node's role in an elected office over time, as read from the
 * messages of a trace (a trace is not re-run to draw it), for the clusters
 * that elect one (the single-leader cluster's leader, the leaderless
 * cluster's coordinator). A node that acts as holder in term T holds the
 * office in T; one that asks for votes in T is a candidate; any node that
 * sees a message of a newer term is an ordinary member in it (Raft's rules).
 * A holder that sends nothing for two heartbeat intervals has stepped down
 * (check-quorum, or a lost lease). Times are those of the events, so a
 * change shows when its first message arrived or was dropped.
 */
export class OfficeRoles {
  private readonly views: NodeView[];
  private readonly bands: Band[][];

  constructor(
    private readonly nodeCount: number,
    private readonly heartbeatTicks: number,
    private readonly names: RoleNames,
    initiallyAbsent: readonly number[],
  ) {
    this.views = Array.from({ length: nodeCount }, () => ({ up: true, term: 0, role: 'other', since: 0, lastLead: 0 }));
    this.bands = Array.from({ length: nodeCount }, () => []);
    for (const node of initiallyAbsent) if (node < nodeCount) this.views[node]!.up = false;
  }

  /**
   * Follows the office through one trace event: crashes and departures stop
   * a node; restarts, joins and the end of the fault phase start it; a sent
   * (delivered or dropped) message of a term shows what its sender did and,
   * when delivered, what its receiver learned. Returns a sent message of a
   * node of the trace, for what else the cluster reads from it, else null.
   */
  follow(event: WorldEvent, messages: OfficeMessages): { readonly msg: Readonly<Record<string, unknown>>; readonly from: number; readonly to: number; readonly tick: number } | null {
    if (event.kind === 'heal') this.startAll(event.tick);
    if (event.kind === 'fault') {
      const fault = event.fault;
      if (fault.kind === 'crash' || fault.kind === 'leave') this.stop(fault.node, event.tick);
      else if (fault.kind === 'restart' || fault.kind === 'join') this.start(fault.node, event.tick);
    }
    if ((event.kind !== 'deliver' && event.kind !== 'drop') || !this.has(event.from)) return null;
    const msg = event.msg as unknown as Record<string, unknown>;
    if (typeof msg.term === 'number') this.followMessage(event.kind === 'deliver', event.tick, event.from, event.to, msg.kind, msg.term, messages);
    return { msg, from: event.from, to: event.to, tick: event.tick };
  }

  private followMessage(delivered: boolean, tick: number, from: number, to: number, kind: unknown, term: number, messages: OfficeMessages): void {
    const is = (kinds: readonly string[]) => typeof kind === 'string' && kinds.includes(kind);
    if (is(messages.campaign)) this.campaign(from, tick, term);
    else if (is(messages.lead)) this.lead(from, tick, term);
    else this.seeTerm(from, tick, term);
    if (!delivered) return;
    if (is(messages.fromHolder)) this.heardHolder(to, tick, term);
    else this.seeTerm(to, tick, term);
  }

  /** The node stopped (a crash, or it left): its current role ends here. */
  stop(node: number, tick: number): void {
    if (!this.has(node)) return;
    this.close(node, tick);
    this.views[node]!.up = false;
  }

  /** The node started again (a restart, a join): an ordinary member of the term it remembers. */
  start(node: number, tick: number): void {
    if (!this.has(node)) return;
    const view = this.views[node]!;
    view.up = true;
    view.role = 'other';
    view.since = tick;
  }

  /** Every node that is down starts (the end of the fault phase heals everything). */
  startAll(tick: number): void {
    this.views.forEach((view, node) => {
      if (!view.up) this.start(node, tick);
    });
  }

  /** The node acted as the office holder in `term` (a heartbeat, an order). */
  lead(node: number, tick: number, term: number): void {
    if (!this.has(node) || term < this.views[node]!.term) return;
    this.become(node, tick, term, 'holder');
    const view = this.views[node]!;
    if (view.up && view.role === 'holder') view.lastLead = tick;
  }

  /** The node asked for votes in `term`. A holder asking again in its own term is still the holder. */
  campaign(node: number, tick: number, term: number): void {
    if (!this.has(node)) return;
    const view = this.views[node]!;
    if (term > view.term || (term === view.term && view.role !== 'holder')) this.become(node, tick, term, 'candidate');
  }

  /** The node sent or received a message of `term`: a newer term makes it an ordinary member of that term. */
  seeTerm(node: number, tick: number, term: number): void {
    if (this.has(node) && term > this.views[node]!.term) this.become(node, tick, term, 'other');
  }

  /** A candidate that hears from its term's holder follows it. */
  heardHolder(node: number, tick: number, term: number): void {
    if (!this.has(node)) return;
    const view = this.views[node]!;
    if (term > view.term || (term === view.term && view.role === 'candidate')) this.become(node, tick, term, 'other');
  }

  /** The newest term the node has shown or seen. */
  termOf(node: number): number {
    return this.views[node]?.term ?? 0;
  }

  /** The role bands of every node, each closed at `endTick`. */
  finish(endTick: number): Band[][] {
    for (let node = 0; node < this.nodeCount; node++) this.close(node, endTick);
    return this.bands;
  }

  private has(node: number): boolean {
    return node >= 0 && node < this.nodeCount;
  }

  private become(node: number, tick: number, term: number, role: Role): void {
    const view = this.views[node]!;
    if (!view.up) {
      view.term = Math.max(view.term, term);
      return;
    }
    if (term === view.term && role === view.role) return;
    this.close(node, tick);
    view.term = term;
    view.role = role;
    view.since = tick;
    if (role === 'holder') view.lastLead = tick;
  }

  private close(node: number, tick: number): void {
    const view = this.views[node]!;
    if (!view.up || tick <= view.since) return;
    const band = (from: number, to: number, role: Role) => {
      const name = this.names[role];
      this.bands[node]!.push({ from, to, kind: name, label: `${name} t${view.term}`, title: `${nodeLabel(node)} ${name} in term ${view.term}, ticks ${from}-${to}` });
    };
    // A holder that has gone quiet stepped down when it stopped: after that it is an ordinary member of the same term.
    const quietFrom = view.lastLead + this.heartbeatTicks;
    if (view.role === 'holder' && tick - view.lastLead > 2 * this.heartbeatTicks && quietFrom > view.since) {
      band(view.since, quietFrom, 'holder');
      band(quietFrom, tick, 'other');
    } else {
      band(view.since, tick, view.role);
    }
  }
}
