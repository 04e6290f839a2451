import { Prng } from '../../impl/world/prng.js';

export interface RegisterHistoryShape {
  /** How many operations the history invokes. */
  readonly operations: number;
  readonly seed: number;
  /** Concurrent client slots (Jepsen's concurrency). */
  readonly clients?: number;
  /** Written values are 0 .. values-1. */
  readonly values?: number;
  /** One write or cas in this many times out (`:info`). */
  readonly timeoutOneIn?: number;
  /**
   * Make one read near the middle of the history return nil. No operation
   * writes nil and the register has held a value since the first write
   * completed, so no linearization can explain that read.
   */
  readonly corruptRead?: boolean;
}

/** What a generated history is and what it must be found to be. */
export interface GeneratedRegisterHistory {
  /** The history as a Jepsen etcd log, one event per line, as Porcupine's test data is written. */
  readonly lines: readonly string[];
  readonly operations: number;
  /** Operations that timed out (`:info`) and stay open to the end. */
  readonly open: number;
  readonly expected: 'ok' | 'illegal';
  /** The corrupted read's 1-based invocation line, when there is one. */
  readonly corruptedLine?: number;
}

interface GeneratedOperation {
  readonly process: number;
  readonly f: 'read' | 'write' | 'cas';
  readonly value: number;
  readonly to: number;
  readonly call: number;
  readonly return: number;
  /** When the operation takes effect, or -1 when it never does (a timed-out operation may not). */
  readonly effect: number;
  readonly timedOut: boolean;
  /** Filled in by replaying the effects in order: what a read saw, whether a cas swapped. */
  read: number | null;
  swapped: boolean;
}

/**
 * Builds a register history of the shape Jepsen's etcd test records, from a
 * seed: `clients` processes issue reads, writes of values 0..values-1 and
 * cas operations back to back with random latencies; each operation takes
 * effect at a random moment inside its call, and one write or cas in
 * `timeoutOneIn` times out: it is logged as `:info` (so it stays open to the
 * end), took effect inside its call or never, and its process is replaced
 * by a new one (number + clients), as Jepsen does. The history is legal by
 * construction: the effects, in time order, are a linearization.
 */
export function generateRegisterHistory(shape: RegisterHistoryShape): GeneratedRegisterHistory {
  const clients = shape.clients ?? 10;
  const values = shape.values ?? 5;
  const timeoutOneIn = shape.timeoutOneIn ?? 40;
  if (!Number.isInteger(shape.operations) || shape.operations < 1) throw new RangeError(`operations must be a whole number of at least 1 (got ${shape.operations})`);
  const prng = new Prng(shape.seed);
  const slotTime = new Array<number>(clients).fill(0);
  const slotProcess = Array.from({ length: clients }, (_, slot) => slot);
  const operations: GeneratedOperation[] = [];
  for (let index = 0; index < shape.operations; index++) {
    let slot = 0;
    for (let candidate = 1; candidate < clients; candidate++) if (slotTime[candidate]! < slotTime[slot]!) slot = candidate;
    const call = slotTime[slot]! + prng.int(1, 200);
    const ret = call + prng.int(200, 10_000);
    const kind = prng.int(0, 2);
    const f = kind === 0 ? 'read' : kind === 1 ? 'write' : 'cas';
    const timedOut = f !== 'read' && prng.int(1, timeoutOneIn) === 1;
    const effect = timedOut && prng.int(0, 1) === 0 ? -1 : prng.int(call + 1, ret - 1);
    operations.push({ process: slotProcess[slot]!, f, value: prng.int(0, values - 1), to: prng.int(0, values - 1), call, return: ret, effect, timedOut, read: null, swapped: false });
    slotTime[slot] = ret;
    if (timedOut) slotProcess[slot] = slotProcess[slot]! + clients;
  }

  // Replay the effects in time order (ties by invocation order) to fill in
  // what each read saw and whether each cas swapped.
  const effective = operations.filter((operation) => operation.effect >= 0).sort((a, b) => a.effect - b.effect || a.call - b.call);
  let state: number | null = null;
  // The return of the first completed write or swap: from then on every
  // linearization holds a value, since no operation writes nil.
  let firstValueAt = Infinity;
  for (const operation of effective) {
    switch (operation.f) {
      case 'read': operation.read = state; break;
      case 'write': state = operation.value; break;
      case 'cas':
        operation.swapped = state === operation.value;
        if (operation.swapped) state = operation.to;
        break;
    }
    const wrote = operation.f === 'write' || (operation.f === 'cas' && operation.swapped);
    if (wrote && !operation.timedOut && firstValueAt === Infinity) firstValueAt = operation.return;
  }

  let corrupted: GeneratedOperation | undefined;
  if (shape.corruptRead) {
    const middle = operations.length >> 1;
    const isCandidate = (operation: GeneratedOperation | undefined) => operation !== undefined && operation.f === 'read' && operation.call > firstValueAt;
    for (let distance = 0; distance < operations.length && corrupted === undefined; distance++) {
      corrupted = [operations[middle + distance], operations[middle - distance]].find(isCandidate);
    }
    if (corrupted === undefined) throw new RangeError('the history is too short to hold a read after the first completed write');
    corrupted.read = null;
  }

  const events = operations.flatMap((operation, index) => [
    { time: operation.call, order: 2 * index, operation, invoke: true },
    { time: operation.return, order: 2 * index + 1, operation, invoke: false },
  ]);
  events.sort((a, b) => a.time - b.time || a.order - b.order);
  const lines: string[] = [];
  let corruptedLine: number | undefined;
  const show = (value: number | null) => (value === null ? 'nil' : String(value));
  for (const { operation, invoke } of events) {
    const prefix = `INFO  jepsen.util - ${operation.process}\t`;
    const argument = operation.f === 'read' ? 'nil' : operation.f === 'write' ? String(operation.value) : `[${operation.value} ${operation.to}]`;
    if (invoke) {
      if (operation === corrupted) corruptedLine = lines.length + 1;
      lines.push(`${prefix}:invoke\t:${operation.f}\t${argument}`);
    } else if (operation.timedOut) {
      lines.push(`${prefix}:info\t:${operation.f}\t:timed-out`);
    } else if (operation.f === 'read') {
      lines.push(`${prefix}:ok\t:read\t${show(operation.read)}`);
    } else {
      lines.push(`${prefix}:${operation.f === 'cas' && !operation.swapped ? 'fail' : 'ok'}\t:${operation.f}\t${argument}`);
    }
  }
  return {
    lines,
    operations: operations.length,
    open: operations.filter((operation) => operation.timedOut).length,
    expected: corrupted === undefined ? 'ok' : 'illegal',
    ...(corruptedLine === undefined ? {} : { corruptedLine }),
  };
}
