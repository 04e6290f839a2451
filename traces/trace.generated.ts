/* Generated from traces/trace.schema.json by `npm run gen:types`; do not edit by hand. */

export type NodeId = number;
export type NodeList = NodeId[];
export type Tick = number;
export type Fault =
  | {
      kind: 'crash' | 'restart' | 'join' | 'leave';
      node: NodeId;
    }
  | {
      kind: 'pause';
      node: NodeId;
      durationTicks: number;
    }
  | {
      kind: 'partition';
      partition: Partition;
    }
  | {
      kind: 'heal-partition';
    }
  | {
      kind: 'network';
      conditions: NetworkConditions;
    }
  | {
      kind: 'clock-drift';
      node: NodeId;
      ratePpm: number;
    };
export type Partition =
  | {
      kind: 'split';
      side: NodeList;
    }
  | {
      kind: 'one-way';
      from: NodeList;
      to: NodeList;
    }
  | {
      kind: 'isolate';
      node: NodeId;
    }
  | {
      kind: 'majority-minority';
      minority: NodeList;
    }
  | {
      kind: 'bridge';
      bridge: NodeId;
      left: NodeList;
      right: NodeList;
    };
export type WorldEvent =
  | {
      kind: 'deliver';
      step: number;
      tick: Tick;
      from: NodeId;
      to: NodeId;
      msg: Message;
    }
  | {
      kind: 'drop';
      step: number;
      tick: Tick;
      from: NodeId;
      to: NodeId;
      reason: 'loss' | 'queue-full' | 'partition' | 'down';
      msg: Message;
    }
  | {
      kind: 'timer';
      step: number;
      tick: Tick;
      node: NodeId;
      timer: string;
    }
  | {
      kind: 'fault';
      step: number;
      tick: Tick;
      fault: Fault;
    }
  | {
      kind: 'heal';
      step: number;
      tick: Tick;
    };

/**
 * One simulated run of faultline: enough to re-execute it bit for bit (configuration, seeds, fault schedule, workload) and what it did (events, client history, verdict).
 */
export interface Trace {
  /**
   * Bumped on every incompatible change; loading rejects any other value.
   */
  formatVersion: 1;
  /**
   * The fast-check seed of the gate run that found this case.
   */
  seed: number;
  /**
   * The fast-check path of the shrunk counterexample: with seed, fast-check regenerates it.
   */
  path: string;
  /**
   * Seeds the simulated world's PRNG.
   */
  worldSeed: number;
  /**
   * The check command that wrote this trace.
   */
  command?: string;
  config: SimConfig;
  schedule: ScheduledFault[];
  /**
   * Client requests submitted during the run (empty while the cluster runs elections only).
   */
  workload: ClientRequest[];
  events: WorldEvent[];
  eventCount: number;
  /**
   * Digest of every step the world took, including those not listed in events.
   */
  eventsDigest: string;
  /**
   * The client history, one entry per operation in the shape of faultline's history JSON (faultline lin reads it), so a trace's history can be checked for linearizability on its own.
   */
  history: HistoryOperation[];
  verdict: Verdict;
  coverage?: RunCoverage;
  shrink?: {
    shrinks: number;
    /**
     * False when the shrink budget ran out first.
     */
    complete: boolean;
  };
}
export interface SimConfig {
  cluster: 'single-leader' | 'leaderless';
  nodeCount: number;
  initiallyAbsent: NodeList;
  scheduler: string | null;
  mutants: string[];
  driftBoundPpm: number;
  timing: Timing;
  baselineNetwork: NetworkConditions;
  linkQueueCapacity: number;
  faultPhaseTicks: number;
  livenessBoundTicks: number;
  maxSteps: number;
}
export interface Timing {
  electionTimeoutMinTicks: number;
  electionTimeoutMaxTicks: number;
  heartbeatIntervalTicks: number;
}
export interface NetworkConditions {
  lossPermille: number;
  duplicatePermille: number;
  reorder: boolean;
  delayMinTicks: number;
  delayMaxTicks: number;
}
export interface ScheduledFault {
  atTick: Tick;
  fault: Fault;
}
export interface ClientRequest {
  atTick: Tick;
  client: number;
  /**
   * The operation; its kinds are those of the cluster's client API.
   */
  op: {
    kind: string;
  };
}
/**
 * A protocol message; its kinds are those of the cluster.
 */
export interface Message {
  kind: string;
}
export interface HistoryOperation {
  client: number;
  /**
   * The operation's name, e.g. submit, complete, query.
   */
  f: string;
  /**
   * The partition key, for specs partitioned by key.
   */
  key?: {
    [k: string]: unknown | undefined;
  };
  /**
   * The operation's input.
   */
  value?: {
    [k: string]: unknown | undefined;
  };
  call: Tick;
  /**
   * null while the outcome is unknown: the operation may take effect at any time after its call, or never.
   */
  return: number | null;
  /**
   * ok: completed with its result; refused: completed without effect; result-unknown: completed, result lost; open: unknown outcome; fail: certainly did not happen.
   */
  outcome: 'ok' | 'refused' | 'result-unknown' | 'open' | 'fail';
  /**
   * The operation's result, when the outcome is ok.
   */
  result?: {
    [k: string]: unknown | undefined;
  };
}
export interface Verdict {
  result: 'held' | 'violated';
  /**
   * Each violated property, in the order they first broke.
   */
  violations: Violation[];
}
export interface Violation {
  property:
    | 'election-safety'
    | 'single-leader'
    | 'log-matching'
    | 'leader-completeness'
    | 'state-machine-safety'
    | 'conservation'
    | 'no-lost-ack'
    | 'job-exclusivity'
    | 'linearizable'
    | 'refinement'
    | 'liveness'
    | 'termination';
  step: number;
  tick: Tick;
  message: string;
}
export interface RunCoverage {
  leaderElected: boolean;
  termsWithLeader: number;
  partitionHealed: boolean;
}
