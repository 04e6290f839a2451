/* Generated from traces/trace.schema.json by `npm run gen:types`; do not edit by hand. */

export type NodeId = number;
export type NodeList = NodeId[];
/**
 * A duration in ticks.
 */
export type Ticks = number;
/**
 * The cluster's own settings, told apart by kind.
 */
export type ClusterConfig = SingleLeaderConfig | LeaderlessConfig | CustomClusterConfig;
export type SingleLeaderMutant =
  | 'vote-twice'
  | 'lease-ignores-drift'
  | 'no-restart-promise'
  | 'no-log-up-to-date-check'
  | 'no-prev-log-check'
  | 'commit-previous-term'
  | 'truncate-on-stale-append'
  | 'stale-read'
  | 'read-before-term-commit'
  | 'no-request-dedup'
  | 'ack-before-commit'
  | 'volatile-commit-index'
  | 'no-fencing'
  | 'no-admission-check'
  | 'move-without-handoff';
export type LeaderlessMutant =
  | 'transfer-not-idempotent'
  | 'transfer-lost-on-drop'
  | 'coordinator-no-quorum'
  | 'gossip-ignores-incarnation'
  | 'no-self-assertion'
  | 'grant-beyond-share'
  | 'reply-before-persist'
  | 'grant-anywhere';
/**
 * A name of lowercase letters, digits and dashes.
 */
export type ProtocolName = string;
export type Tick = number;
export type Fault =
  | {
      kind: 'crash' | 'restart' | 'join' | 'leave';
      node: NodeId;
    }
  | {
      kind: 'pause';
      node: NodeId;
      durationTicks: Ticks;
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
/**
 * A fault as an aimed episode plans it: node -1 stands for the node that set the episode off; node -2, in a link of a chain (afterPrevious), for the node that set off the link before it, when that is another node (the fault is skipped otherwise).
 */
export type AimedFault =
  | {
      kind: 'crash' | 'restart';
      node: AimedNodeId;
    }
  | {
      kind: 'pause';
      node: AimedNodeId;
      durationTicks: Ticks;
    }
  | {
      kind: 'partition';
      partition: {
        kind: 'isolate';
        node: AimedNodeId;
      };
    }
  | {
      kind: 'heal-partition';
    };
export type AimedNodeId = number;
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
    }
  | {
      kind: 'invoke';
      step: number;
      tick: Tick;
      client: number;
      process: number;
      requestId: number;
      op: ClientOp;
    }
  | {
      kind: 'client-send';
      step: number;
      tick: Tick;
      client: number;
      to: NodeId;
      requestId: number;
    }
  | {
      kind: 'request';
      step: number;
      tick: Tick;
      client: number;
      to: NodeId;
      requestId: number;
    }
  | {
      kind: 'reply';
      step: number;
      tick: Tick;
      client: number;
      from: NodeId;
      requestId: number;
      reply: ClientReply;
    }
  | {
      kind: 'client-drop';
      step: number;
      tick: Tick;
      client: number;
      node: NodeId;
      requestId: number;
      direction: 'request' | 'reply';
      reason: 'loss' | 'queue-full' | 'partition' | 'down';
    }
  | {
      kind: 'trigger';
      step: number;
      tick: Tick;
      node: NodeId;
      on: 'send' | 'persist' | 'append' | 'reply';
      msgKind?: string;
    }
  | {
      kind: 'give-up';
      step: number;
      tick: Tick;
      client: number;
      requestId: number;
    };
export type ClientReply =
  | {
      kind: 'result';
      /**
       * The operation's result, in the cluster's client API.
       */
      output: {
        [k: string]: unknown | undefined;
      };
    }
  | {
      kind: 'redirect';
      leader: NodeId | null;
    };
/**
 * A property's id: one of DESIGN.md's for the built-in clusters (election-safety, single-leader, ...), or one a user's protocol names.
 */
export type PropertyName = string;

/**
 * One simulated run of faultline: enough to re-execute it bit for bit (configuration, seeds, fault schedule, workload) and what it did (events, client history, verdict).
 */
export interface Trace {
  /**
   * Bumped on every incompatible change; loading rejects any other value, and names a trace from an older faultline as such.
   */
  formatVersion: 2;
  /**
   * The fast-check seed of the gate run that found this case.
   */
  seed: number;
  /**
   * The fast-check path of the shrunk counterexample: with seed, fast-check regenerates it (as it was before shrink.removed single faults and operations were taken out).
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
  /**
   * Present when the run's scheduler (config.cluster.scheduler) was a user's module: its file name and a hash of its source, never a path to load. Replay runs such a trace only with --scheduler PATH, and says when that module's source differs.
   */
  schedulerSource?: {
    file: string;
    sha256: string;
  };
  config: SimConfig;
  /**
   * @maxItems 10000
   */
  schedule: ScheduledFault[];
  /**
   * Faults aimed at protocol moments: each goes off the first time its trigger happens after it is armed.
   *
   * @maxItems 1000
   */
  aimed: AimedFaults[];
  /**
   * The client workload: each client invokes its operations in order, each at its atTick or as soon as its previous operation ended.
   *
   * @maxItems 10000
   */
  workload: WorkloadOp[];
  /**
   * @maxItems 5000000
   */
  events: WorldEvent[];
  eventCount: number;
  /**
   * Digest of every step the world took, including those not listed in events.
   */
  eventsDigest: string;
  /**
   * The client history, one entry per operation in the shape of faultline's history JSON (faultline lin reads it), so a trace's history can be checked for linearizability on its own.
   *
   * @maxItems 100000
   */
  history: HistoryOperation[];
  verdict: Verdict;
  coverage?: RunCoverage;
  shrink?: {
    shrinks: number;
    /**
     * True when shrinking ended with a finished sweep of single removals: the case is then 1-minimal (without any single fault or client operation the property holds). False when a shrink budget ran out first or the check was interrupted.
     */
    complete: boolean;
    /**
     * The property every shrinking step kept broken: the first one the failing run broke. faultline replay --check-minimal checks the trace against it.
     */
    property?: string;
    /**
     * Faults, aimed faults and client operations removed one at a time after fast-check's shrinking (path names the case before these removals).
     */
    removed?: number;
  };
}
export interface SimConfig {
  world: WorldConfig;
  cluster: ClusterConfig;
}
export interface WorldConfig {
  nodeCount: number;
  initiallyAbsent: NodeList;
  driftBoundPpm: number;
  baselineNetwork: NetworkConditions;
  linkQueueCapacity: number;
  faultPhaseTicks: Ticks;
  livenessBoundTicks: Ticks;
  /**
   * At most twice the gate's own bound, so that a replay of any trace is bounded in time and memory (a second or two, a few hundred MB).
   */
  maxSteps: number;
  clients: ClientSettings;
}
export interface NetworkConditions {
  lossPermille: number;
  duplicatePermille: number;
  reorder: boolean;
  delayMinTicks: number;
  delayMaxTicks: number;
}
export interface ClientSettings {
  count: number;
  retryTicks: number;
  timeoutTicks: number;
}
export interface SingleLeaderConfig {
  kind: 'single-leader';
  /**
   * @maxItems 16
   */
  mutants: SingleLeaderMutant[];
  scheduler: string;
  timing: Timing;
  /**
   * Each node's capacity, by node id.
   *
   * @maxItems 31
   */
  capacities: Resources[];
  maxEntriesPerAppend: number;
}
export interface Timing {
  electionTimeoutMinTicks: number;
  electionTimeoutMaxTicks: number;
  heartbeatIntervalTicks: number;
}
export interface Resources {
  cpuMillis: number;
  memoryMiB: number;
}
export interface LeaderlessConfig {
  kind: 'leaderless';
  /**
   * @maxItems 16
   */
  mutants: LeaderlessMutant[];
  timing: LeaderlessTiming;
  /**
   * What each node's host can hold in all, by node id; each node starts owning its own host's capacity.
   *
   * @maxItems 31
   */
  capacities: Resources[];
}
/**
 * The leaderless cluster's protocol timing, in ticks of a node's local clock.
 */
export interface LeaderlessTiming {
  gossipIntervalTicks: number;
  probeTimeoutTicks: number;
  suspicionTicks: number;
  electionTimeoutMinTicks: number;
  electionTimeoutMaxTicks: number;
  heartbeatIntervalTicks: number;
  holdTicks: number;
  transferRetryTicks: number;
}
/**
 * A user's own protocol (defineProtocol): a trace of it replays only with the protocol given again, under the same name.
 */
export interface CustomClusterConfig {
  kind: 'custom';
  name: ProtocolName;
  /**
   * The protocol's planted bugs switched on in the run.
   *
   * @maxItems 16
   */
  mutants: ProtocolName[];
  /**
   * The protocol's settings as the run used them (plain JSON), so that a replay runs with exactly these.
   */
  settings: {
    [k: string]: unknown | undefined;
  };
}
export interface ScheduledFault {
  atTick: Tick;
  fault: Fault;
}
export interface AimedFaults {
  armAtTick: Tick;
  trigger: FaultTrigger;
  /**
   * @maxItems 16
   */
  faults: {
    delayTicks: Ticks;
    fault: AimedFault;
  }[];
  /**
   * Armed armAtTick ticks after the aimed faults listed just before these went off.
   */
  afterPrevious?: boolean;
}
export interface FaultTrigger {
  /**
   * The node to watch; any node when absent.
   */
  node?: number;
  on: 'send' | 'persist' | 'append' | 'reply';
  /**
   * For send: the kind of message; for reply: result (the node answers the request) or redirect. Any kind when absent.
   */
  msgKind?: string;
}
export interface WorkloadOp {
  atTick: Tick;
  client: number;
  op: ClientOp;
}
/**
 * An operation of the cluster's client API.
 */
export interface ClientOp {
  kind: string;
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
  property: PropertyName;
  step: number;
  tick: Tick;
  message: string;
}
/**
 * Per "sometimes" counter of the cluster, how often the run reached it.
 */
export interface RunCoverage {
  [k: string]: number | undefined;
}
