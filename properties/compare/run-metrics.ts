import type { LedgerOutput } from '../../model/ledger-spec.js';

/** One request of a workload client (never a node's agent), as its client lived it. */
export interface RequestRecord {
  readonly kind: 'submit' | 'complete' | 'query' | 'move';
  readonly invokeTick: number;
  /** `answered`: a result came before the client gave up; `gave-up`: none did; `open`: the run ended first. */
  outcome: 'answered' | 'gave-up' | 'open';
  /** When the result came or the client gave up; null while open. */
  endTick: number | null;
  /** The result's kind, when one came. */
  output: LedgerOutput['kind'] | null;
  /** A partition (of any shape) was in force when the request was made. */
  readonly duringPartition: boolean;
  /** Some node was down (crashed) or gone (left) when the request was made. */
  readonly whileNodeDown: boolean;
  /** The request was made within the crash window after the office holder (the serving leader or coordinator) crashed or left. */
  readonly afterOfficeCrash: boolean;
  /** A rejected submit whose demand fit, from its invocation to its answer, in what some host certainly had free (see `ClientCapacityView`). */
  rejectedWhileFree: boolean;
}

/** A crash (or leave) of the node serving as leader or coordinator, and when some node served again. */
export interface OfficeCrash {
  readonly tick: number;
  readonly node: number;
  /** Null when no node served again before the run ended. */
  recoveredTick: number | null;
}

/** A stretch of true time, in ticks, [fromTick, toTick). */
export interface TickSpan {
  readonly fromTick: number;
  toTick: number;
}

/** What `compare` measures of one run of one cluster. */
export interface RunMetrics {
  readonly requests: RequestRecord[];
  readonly officeCrashes: OfficeCrash[];
  /** Node-to-node messages sent (a message the network duplicated counts once, one it dropped counts too). */
  sends: number;
  /** Those sent by, or to, the node serving as leader or coordinator at the time. */
  officeSends: number;
  /** Per node, the requests (of workload clients and agents) it gave the first result to. */
  readonly answersByNode: number[];
  /** When a partition was in force. */
  readonly partitions: TickSpan[];
  /** When at least one node was down after a crash (until it restarted). A node that left stays gone, and is not counted here. */
  readonly nodesCrashed: TickSpan[];
  /** Properties the run broke: the comparison is only as good as the clusters are correct. */
  violations: string[];
}

export function emptyRunMetrics(nodeCount: number): RunMetrics {
  return { requests: [], officeCrashes: [], sends: 0, officeSends: 0, answersByNode: new Array<number>(nodeCount).fill(0), partitions: [], nodesCrashed: [], violations: [] };
}
