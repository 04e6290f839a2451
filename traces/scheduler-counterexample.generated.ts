/* Generated from traces/scheduler-counterexample.schema.json by `npm run gen:types`; do not edit by hand. */

/**
 * The name the scheduler gave itself (defineScheduler's rule).
 */
export type SchedulerName = string;
/**
 * Where the scheduler came from: a built-in (replayed by name), or a user's module, of which only its file name and a hash of its source are kept.
 */
export type SchedulerSource =
  | {
      kind: 'builtin';
    }
  | {
      kind: 'module';
      /**
       * The module's file name, for people: replay never loads it.
       */
      file: string;
      /**
       * SHA-256 of the module's source and every file it imports (faultline's own excepted), so a replay can say whether it runs the same code.
       */
      sha256: string;
    };
export type Amount = number;
export type Label = string;
export type WorkloadEvent =
  | {
      kind: 'submit';
      /**
       * @maxItems 100
       */
      requests: WorkloadRequest[];
    }
  | {
      kind: 'complete' | 'fail-node';
      pick: Pick;
    }
  | {
      kind: 'join-node';
      capacity: WorkloadNode;
    }
  | {
      kind: 'depart';
      requestId: Label;
    };
export type GpuDemand =
  | {
      kind: 'whole';
      count: number;
      models?: GpuModels;
    }
  | {
      kind: 'share';
      milli: number;
      models?: GpuModels;
    };
/**
 * @maxItems 64
 */
export type GpuModels = Label[];
/**
 * Chooses among what exists at that moment, modulo its count.
 */
export type Pick = number;

/**
 * A shrunk failure of a scheduler-level check (faultline check --scheduler), as written to the traces folder: enough to find it again (seed, path, command) and to re-run it (scheduler and workload). Every size is bounded by what the check generates, with room to spare, so that loading and replaying any file is quick.
 */
export interface SchedulerCounterexample {
  /**
   * Changed on every incompatible change; loading rejects any other value.
   */
  format: 'faultline-scheduler-counterexample/2';
  scheduler: SchedulerName;
  /**
   * --scheduler as it was given: a built-in's name or a module path. Shown, never loaded: replay loads a module only from its own --scheduler.
   */
  schedulerArgument: string;
  schedulerSource: SchedulerSource;
  property: 'conservation' | 'termination';
  message: string;
  /**
   * The workload event after which the property broke.
   */
  eventIndex: number;
  seed: number;
  /**
   * fast-check's path to the shrunk counterexample.
   */
  path: string;
  /**
   * The command that finds and shrinks the same counterexample again.
   */
  reproduce: string;
  workload: SchedulerWorkload;
  /**
   * The trace's request mix the scheduler was given, when the workload was drawn from a trace.
   *
   * @maxItems 100000
   */
  expectedDemand?: DemandClass[];
}
export interface SchedulerWorkload {
  /**
   * @maxItems 64
   */
  nodes: WorkloadNode[];
  /**
   * The check generates at most 24; every event may cost a few scheduler calls. An empty list has nothing to replay and is refused when loading (its eventIndex cannot name an event).
   *
   * @maxItems 1000
   */
  events: WorkloadEvent[];
}
export interface WorkloadNode {
  cpuMillis: Amount;
  memoryMiB: Amount;
  gpu?: {
    model: Label;
    count: number;
  };
  id?: Label;
}
export interface WorkloadRequest {
  tenant: Label;
  demand: Resources;
  gpu?: GpuDemand;
  id?: Label;
}
export interface Resources {
  cpuMillis: Amount;
  memoryMiB: Amount;
}
export interface DemandClass {
  demand: Resources;
  gpu?: GpuDemand;
  weight: number;
}
