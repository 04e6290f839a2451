/** The operation a client is waiting on. */
export interface CurrentOperation<Op> {
  readonly requestId: number;
  readonly op: Op;
  /** The history process the operation belongs to (see `ClientTable.giveUp`). */
  readonly process: number;
  readonly callTick: number;
  readonly deadlineTick: number;
  /** The node the client sends the request to next. */
  target: number;
}

interface ClientState<Op> {
  readonly queue: Op[];
  head: number;
  current: CurrentOperation<Op> | undefined;
  process: number;
  /** The node every operation of this client goes to first, as a Jepsen client is bound to its node. */
  readonly home: number;
}

/**
 * The world's clients: sequential processes, each with a queue of operations
 * and at most one in flight, as Jepsen's are. Workload clients come first;
 * then one agent per node, through which node logic calls the client API
 * itself. The table only keeps state and decides where requests go; the world
 * sends them and arms the timers.
 */
export class ClientTable<Op> {
  private readonly table: ClientState<Op>[] = [];
  private nextRequestId = 1;
  private open = 0;

  constructor(
    private readonly workloadClients: number,
    private readonly nodeCount: number,
  ) {
    for (let client = 0; client < workloadClients + nodeCount; client++) {
      const home = client < workloadClients ? client % nodeCount : client - workloadClients;
      this.table.push({ queue: [], head: 0, current: undefined, process: client, home });
    }
  }

  /** Every client, agents included. */
  get size(): number {
    return this.table.length;
  }

  /** The client through which node `node` calls the API. */
  agentOf(node: number): number {
    return this.workloadClients + node;
  }

  openCount(): number {
    return this.open;
  }

  current(client: number): CurrentOperation<Op> | undefined {
    return this.table[client]?.current;
  }

  enqueue(client: number, op: Op): void {
    this.table[client]!.queue.push(op);
  }

  /** Starts the next queued operation when the client is idle; returns it, or undefined. */
  startNext(client: number, nowTick: number, timeoutTicks: number): CurrentOperation<Op> | undefined {
    const state = this.table[client]!;
    if (state.current !== undefined || state.head >= state.queue.length) return undefined;
    const op = state.queue[state.head]!;
    state.head++;
    state.current = { requestId: this.nextRequestId++, op, process: state.process, callTick: nowTick, deadlineTick: nowTick + timeoutTicks, target: state.home };
    this.open++;
    return state.current;
  }

  /** The operation got its result. */
  finish(client: number): void {
    this.table[client]!.current = undefined;
    this.open--;
  }

  /** A node named `leader` as the one to ask about the current operation. */
  redirect(client: number, leader: number): void {
    this.table[client]!.current!.target = leader;
  }

  /** No answer in time: the next attempt goes to the next node. */
  retry(client: number): void {
    const current = this.table[client]!.current!;
    current.target = (current.target + 1) % this.nodeCount;
  }

  /**
   * The client stops waiting: the operation's outcome stays unknown. As in
   * Jepsen, the client goes on as a new process, because the old operation may
   * still take effect at any time and one process never has two open.
   */
  giveUp(client: number): void {
    const state = this.table[client]!;
    state.current = undefined;
    state.process += this.table.length;
    this.open--;
  }
}
