import fc from 'fast-check';
import type { SimConfig } from '../impl/sim-config.js';
import type { NodeLogic, Protocol } from '../impl/world/node-logic.js';
import type { WorkloadOp } from '../impl/world/workload.js';
import { defaultWorldConfig, type WorldConfig } from '../impl/world/world-config.js';
import { FaultlineError } from '../model/faultline-error.js';
import type { ClusterEntry, HistoryCodec } from './cluster-registry.js';
import type { TriggerChoice } from './fault-schedule-arbitrary.js';
import type { ObserverFactory } from './observer.js';

/**
 * What a protocol's node logic and workloads are built from in one run: the
 * world it runs in, the protocol's settings (the copy the trace stores), and
 * the planted bugs switched on.
 */
export interface ProtocolRun<Settings> {
  readonly world: WorldConfig;
  readonly settings: Settings;
  readonly mutants: readonly string[];
}

/** The world's settings a protocol may choose; the node count and the absent nodes come from each generated run. */
export type ProtocolWorld = Partial<Omit<WorldConfig, 'nodeCount' | 'initiallyAbsent'>>;

/**
 * A user's own protocol, as `defineProtocol` takes it. Its client operations
 * are objects with a `kind`, as its messages are, since traces store both.
 */
export interface ProtocolSpec<P extends Protocol, Settings, Property extends string> {
  /** Names the protocol in reports, trace files and traces; a trace replays only with a protocol of this name. Lowercase letters, digits and dashes. */
  readonly name: string;
  /** The protocol's settings: plain JSON, since every trace stores the ones its run used and a replay runs with that copy. */
  readonly settings: Settings;
  /** Names of the planted bugs the node logic can switch on (`run.mutants`); a check names the ones it wants. */
  readonly mutants?: readonly string[] | undefined;
  /** The node counts runs are drawn from, shrinking toward the first; [3, 5] when absent. */
  readonly nodeCounts?: readonly number[] | undefined;
  /** The world's settings over faultline's defaults (clients, network, drift bound, phases; see `defaultWorldConfig`). */
  readonly world?: ProtocolWorld | undefined;
  /** The node logic of one run. */
  logic(run: ProtocolRun<Settings>): NodeLogic<P>;
  /** What checks each run: the protocol's own observers, each with the property ids it may report. */
  readonly observers: readonly ObserverFactory<P, Property>[];
  /** Client workloads, generated and shrunk with the fault schedule; drawn once for the largest node count. */
  workload(run: ProtocolRun<Settings>): fc.Arbitrary<readonly WorkloadOp<P['op']>[]>;
  /** The protocol moments aimed faults wait for (a message kind sent, a disk write, a reply); any of them when absent. */
  readonly triggers?: readonly TriggerChoice[] | undefined;
  /** Settings varied from run to run, over `settings`; shrinks toward `settings`. */
  readonly tune?: fc.Arbitrary<Partial<Settings>> | undefined;
  /** How client operations read in a trace's history; `f` is the operation's kind and the result its output when absent. */
  readonly history?: HistoryCodec<P> | undefined;
  /** "Sometimes" counters of the observers that every check must see reached at least once, or it proves nothing. */
  readonly required?: readonly string[] | undefined;
  /** The longest a generated fault lasts, in ticks; 30% of the fault phase when absent. */
  readonly longestFaultTicks?: number | undefined;
}

/** A user's protocol made with `defineProtocol`: the harness runs it as it runs its built-in clusters. */
export interface ProtocolDefinition<P extends Protocol> extends ClusterEntry<P> {
  readonly kind: 'protocol';
}

const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const PROPERTY = /^[a-z][a-z0-9-]{0,63}$/;
const BUILTIN_CLUSTERS = ['single-leader', 'leaderless'];
/** Any send, disk write or reply, when the protocol names no moments of its own. */
const ANY_MOMENT: readonly TriggerChoice[] = [{ on: 'send', weight: 3 }, { on: 'persist' }, { on: 'append' }, { on: 'reply' }];

/**
 * Turns a user's protocol into a cluster the harness runs: `runCase`,
 * `replayTrace`, `protocolCheck` and `faultline replay --protocol` take the
 * definition it returns. Checks the spec first and says in a plain sentence
 * what is wrong with it.
 */
export function defineProtocol<P extends Protocol & { readonly op: { readonly kind: string } }, Settings, Property extends string>(
  spec: ProtocolSpec<P, Settings, Property>,
): ProtocolDefinition<P> {
  const problem = specProblem(spec);
  if (problem !== null) throw new FaultlineError('usage', `defineProtocol: ${problem}`);
  const mutants = spec.mutants ?? [];
  const settingsOf = (config: SimConfig): Settings => {
    if (config.cluster.kind !== 'custom' || config.cluster.name !== spec.name) throw new RangeError(`protocol ${spec.name} was given another cluster's configuration`);
    return config.cluster.settings as Settings;
  };
  const runOf = (config: SimConfig): ProtocolRun<Settings> => ({ world: config.world, settings: settingsOf(config), mutants: config.cluster.mutants });
  const withSettings = (config: SimConfig, settings: unknown): SimConfig => ({ ...config, cluster: { ...config.cluster, settings: jsonCopy(settings) } as SimConfig['cluster'] });
  return {
    kind: 'protocol',
    name: spec.name,
    mutants,
    nodeCounts: spec.nodeCounts ?? [3, 5],
    defaultConfig(nodeCount, chosen) {
      const unknown = chosen.find((mutant) => !mutants.includes(mutant));
      if (unknown !== undefined) {
        throw new FaultlineError('unknown-mutant', `protocol ${spec.name} has no mutant ${JSON.stringify(unknown)}`, { known: mutants.join(',') || 'none' });
      }
      return {
        world: { ...defaultWorldConfig(nodeCount), ...spec.world, nodeCount, initiallyAbsent: [] },
        cluster: { kind: 'custom', name: spec.name, mutants: [...chosen], settings: jsonCopy(spec.settings) },
      };
    },
    logic: (config) => spec.logic(runOf(config)),
    observers: spec.observers,
    triggers: spec.triggers ?? ANY_MOMENT,
    longestFaultTicks: (config) => spec.longestFaultTicks ?? Math.max(1, Math.round(config.world.faultPhaseTicks * 0.3)),
    // Tuned settings go through JSON like the defaults, so the run uses exactly what its trace will store.
    tune: spec.tune === undefined ? fc.constant((config: SimConfig) => config) : spec.tune.map((partial) => (config: SimConfig) => withSettings(config, { ...settingsOf(config), ...partial })),
    workload: (config) => spec.workload(runOf(config)),
    history: spec.history ?? (kindAndOutputCodec as HistoryCodec<P>),
    required: spec.required ?? [],
    checkedByHarness: [],
  };
}

/** Whether a value (a module's default export, say) is a protocol made with `defineProtocol`. */
export function isProtocolDefinition(value: unknown): value is ProtocolDefinition<Protocol> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ProtocolDefinition<Protocol>>;
  return candidate.kind === 'protocol' && typeof candidate.name === 'string' && typeof candidate.logic === 'function' && Array.isArray(candidate.observers);
}

/** An operation reads as its kind and its other fields; a result as the output itself. */
const kindAndOutputCodec: HistoryCodec<Protocol & { readonly op: { readonly kind: string } }> = {
  describeOp(op) {
    const { kind, ...value } = op;
    return Object.keys(value).length === 0 ? { f: kind } : { f: kind, value };
  },
  describeOutput: (output) => ({ outcome: 'ok', result: output }),
};

function specProblem<P extends Protocol, Settings, Property extends string>(spec: ProtocolSpec<P, Settings, Property>): string | null {
  if (typeof spec.name !== 'string' || !NAME.test(spec.name)) return `the name ${JSON.stringify(spec.name)} must be 1 to 64 lowercase letters, digits and dashes`;
  if (BUILTIN_CLUSTERS.includes(spec.name)) return `the name ${spec.name} is a built-in cluster's; choose another`;
  if (typeof spec.settings !== 'object' || spec.settings === null || Array.isArray(spec.settings)) return 'settings must be an object of plain JSON values';
  const settings = jsonProblem(spec.settings, 'settings');
  if (settings !== null) return `${settings}: settings must be plain JSON, since a trace stores them and its replay runs with the stored copy`;
  const mutants = spec.mutants ?? [];
  const badMutant = mutants.find((mutant) => !NAME.test(mutant));
  if (badMutant !== undefined) return `the mutant name ${JSON.stringify(badMutant)} must be lowercase letters, digits and dashes`;
  if (new Set(mutants).size !== mutants.length || mutants.length > 16) return 'mutants must be distinct, and at most 16';
  const nodeCounts = spec.nodeCounts ?? [3, 5];
  if (nodeCounts.length === 0 || nodeCounts.some((count) => !Number.isInteger(count) || count < 1 || count > 31)) return 'nodeCounts must list node counts from 1 to 31';
  if (spec.observers.length === 0) return 'a protocol needs at least one observer, or its runs check nothing';
  const badProperty = spec.observers.flatMap((observer) => observer.properties).find((property) => !PROPERTY.test(property));
  if (badProperty !== undefined) return `the property id ${JSON.stringify(badProperty)} must start with a lowercase letter and go on with lowercase letters, digits and dashes`;
  const counters = new Set(spec.observers.flatMap((observer) => observer.counters.map((counter) => counter.id)));
  const missing = (spec.required ?? []).find((counter) => !counters.has(counter));
  if (missing !== undefined) return `the required counter ${JSON.stringify(missing)} is not one any observer declares`;
  if (spec.longestFaultTicks !== undefined && (!Number.isInteger(spec.longestFaultTicks) || spec.longestFaultTicks < 1)) return 'longestFaultTicks must be a whole number of ticks, at least 1';
  return null;
}

/** Where a value stops being plain JSON that survives a round trip unchanged, or null. */
function jsonProblem(value: unknown, where: string): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${where} is ${value}`;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const problem = jsonProblem(value[index], `${where}[${index}]`);
      if (problem !== null) return problem;
    }
    return null;
  }
  if (typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return `${where} is not a plain object`;
    for (const [key, inner] of Object.entries(value)) {
      const problem = jsonProblem(inner, `${where}.${key}`);
      if (problem !== null) return problem;
    }
    return null;
  }
  return `${where} is ${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}`;
}

/** A plain-JSON copy of a protocol's settings, as a trace stores them. */
function jsonCopy(value: unknown): Readonly<Record<string, unknown>> {
  return JSON.parse(JSON.stringify(value)) as Readonly<Record<string, unknown>>;
}
