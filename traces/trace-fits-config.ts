import { Ajv, type ValidateFunction } from 'ajv';
import type { AimedFault, ClusterConfig, CustomClusterConfig, LeaderlessConfig, NetworkConditions, Partition, SingleLeaderConfig, Trace } from './trace.generated.js';
import { PREVIOUS_LINK_NODE, TRIGGERING_NODE } from '../impl/world/fault.js';

/**
 * What the schema cannot say about a trace: that its faults, clients and
 * settings fit its own configuration. A fault on node 7 of 5, a client the
 * world does not have, a delay whose minimum is above its maximum: none of
 * these can come from `faultline check`, and a replay of them would crash
 * or check something that never ran. Returns the first problem, with where
 * it is (a JSON pointer), or null when the trace fits.
 */
export function traceConfigProblem(trace: Trace): string | null {
  return worldProblem(trace) ?? clusterProblem(trace);
}

type Problem = string | null;

function first(checks: Iterable<Problem>): Problem {
  for (const problem of checks) if (problem !== null) return problem;
  return null;
}

function nodeProblem(where: string, node: number, nodeCount: number): Problem {
  return node < nodeCount ? null : `${where} is node ${node}, but the trace's world has nodes 0 to ${nodeCount - 1}`;
}

function nodesProblem(where: string, nodes: readonly number[], nodeCount: number): Problem {
  return first(nodes.map((node, index) => nodeProblem(`${where}/${index}`, node, nodeCount)));
}

function conditionsProblem(where: string, conditions: NetworkConditions): Problem {
  return conditions.delayMinTicks <= conditions.delayMaxTicks ? null : `${where} has delayMinTicks ${conditions.delayMinTicks} above delayMaxTicks ${conditions.delayMaxTicks}`;
}

function partitionProblem(where: string, partition: Partition, nodeCount: number): Problem {
  switch (partition.kind) {
    case 'split':
      return nodesProblem(`${where}/side`, partition.side, nodeCount);
    case 'one-way':
      return nodesProblem(`${where}/from`, partition.from, nodeCount) ?? nodesProblem(`${where}/to`, partition.to, nodeCount);
    case 'isolate':
      return nodeProblem(`${where}/node`, partition.node, nodeCount);
    case 'majority-minority':
      return nodesProblem(`${where}/minority`, partition.minority, nodeCount);
    case 'bridge':
      return nodeProblem(`${where}/bridge`, partition.bridge, nodeCount) ?? nodesProblem(`${where}/left`, partition.left, nodeCount) ?? nodesProblem(`${where}/right`, partition.right, nodeCount);
  }
}

/** The world's part, the same for every cluster kind: nodes, faults, aimed faults, network settings, clients. */
function worldProblem(trace: Trace): Problem {
  const world = trace.config.world;
  const nodeCount = world.nodeCount;
  const absent = world.initiallyAbsent;
  return first([
    nodesProblem('/config/world/initiallyAbsent', absent, nodeCount),
    new Set(absent).size === absent.length ? null : '/config/world/initiallyAbsent names a node twice',
    absent.length < nodeCount ? null : '/config/world/initiallyAbsent leaves no node to start',
    conditionsProblem('/config/world/baselineNetwork', world.baselineNetwork),
    ...trace.schedule.map(({ fault }, index): Problem => {
      const where = `/schedule/${index}/fault`;
      switch (fault.kind) {
        case 'partition':
          return partitionProblem(`${where}/partition`, fault.partition, nodeCount);
        case 'network':
          return conditionsProblem(`${where}/conditions`, fault.conditions);
        case 'heal-partition':
          return null;
        case 'clock-drift':
          // The world would clamp it, but the gate never draws a rate beyond the bound: such a fault did not come from a check.
          return nodeProblem(`${where}/node`, fault.node, nodeCount) ?? (Math.abs(fault.ratePpm) <= world.driftBoundPpm ? null : `${where}/ratePpm is ${fault.ratePpm}, beyond the drift bound of ${world.driftBoundPpm} ppm`);
        default:
          return nodeProblem(`${where}/node`, fault.node, nodeCount);
      }
    }),
    ...trace.aimed.flatMap((episode, index) => [
      episode.trigger.node === undefined ? null : nodeProblem(`/aimed/${index}/trigger/node`, episode.trigger.node, nodeCount),
      ...episode.faults.map(({ fault }, faultIndex) => aimedFaultProblem(`/aimed/${index}/faults/${faultIndex}/fault`, fault, nodeCount, index > 0 && episode.afterPrevious === true)),
    ]),
    ...trace.workload.map((op, index) => (op.client < world.clients.count ? null : `/workload/${index}/client is client ${op.client}, but the trace's world has ${world.clients.count} clients`)),
  ]);
}

/** Node -1 in an aimed fault stands for the node that set it off; node -2, only in a link of a chain, for the node that set off the link before. */
function aimedFaultProblem(where: string, fault: AimedFault, nodeCount: number, chained: boolean): Problem {
  const node = fault.kind === 'heal-partition' ? TRIGGERING_NODE : fault.kind === 'partition' ? fault.partition.node : fault.node;
  const at = fault.kind === 'partition' ? `${where}/partition/node` : `${where}/node`;
  if (node === PREVIOUS_LINK_NODE) return chained ? null : `${at} is -2, the node of the previous link, but the aimed fault is not a link of a chain (afterPrevious)`;
  return node === TRIGGERING_NODE ? null : nodeProblem(at, node, nodeCount);
}

type ClusterKind = ClusterConfig['kind'];
type ClusterCheck<K extends ClusterKind> = (cluster: Extract<ClusterConfig, { kind: K }>, trace: Trace) => Problem;

/**
 * One check per cluster kind the schema knows, so that a new kind cannot be
 * loaded unchecked: adding it to the schema's `ClusterConfig` makes this
 * table incomplete until its check is written.
 */
const CLUSTER_CHECKS: { readonly [K in ClusterKind]: ClusterCheck<K> } = {
  'single-leader': singleLeaderProblem,
  leaderless: leaderlessProblem,
  custom: customProblem,
};

function clusterProblem(trace: Trace): Problem {
  const cluster = trace.config.cluster;
  return (CLUSTER_CHECKS[cluster.kind] as ClusterCheck<typeof cluster.kind>)(cluster, trace);
}

/** The single-leader cluster's client operations (`LedgerClientOp`), which the schema leaves to each cluster. */
const LEDGER_OP_SCHEMA = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'job', 'demand', 'tenant', 'durationTicks'],
      properties: {
        kind: { const: 'submit' },
        job: { type: 'string', minLength: 1, maxLength: 64 },
        tenant: { type: 'string', maxLength: 64 },
        demand: {
          type: 'object',
          additionalProperties: false,
          required: ['cpuMillis', 'memoryMiB'],
          properties: { cpuMillis: { type: 'integer', minimum: 0, maximum: 1_000_000_000 }, memoryMiB: { type: 'integer', minimum: 0, maximum: 1_000_000_000 } },
        },
        durationTicks: { type: 'integer', minimum: 0, maximum: 1_000_000 },
      },
    },
    { type: 'object', additionalProperties: false, required: ['kind', 'job'], properties: { kind: { const: 'complete' }, job: { type: 'string', minLength: 1, maxLength: 64 } } },
    { type: 'object', additionalProperties: false, required: ['kind'], properties: { kind: { const: 'query' } } },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'job', 'node'],
      properties: { kind: { const: 'move' }, job: { type: 'string', minLength: 1, maxLength: 64 }, node: { type: 'integer', minimum: 0, maximum: 30 } },
    },
  ],
} as const;

let ledgerOp: ValidateFunction | undefined;

/** The ledger operations' validator, compiled on first use (most commands never load a trace). */
function ledgerOpValidator(): ValidateFunction {
  ledgerOp ??= new Ajv({ allErrors: false, strict: true }).compile(LEDGER_OP_SCHEMA);
  return ledgerOp;
}

/** What both clusters' configurations share: a capacity per node, an election timeout range, mutants named once. */
function sharedClusterProblem(cluster: SingleLeaderConfig | LeaderlessConfig, nodeCount: number): Problem {
  const { timing } = cluster;
  return first([
    cluster.capacities.length === nodeCount ? null : `/config/cluster/capacities lists ${cluster.capacities.length} nodes, but the trace's world has ${nodeCount}`,
    timing.electionTimeoutMinTicks <= timing.electionTimeoutMaxTicks
      ? null
      : `/config/cluster/timing has electionTimeoutMinTicks ${timing.electionTimeoutMinTicks} above electionTimeoutMaxTicks ${timing.electionTimeoutMaxTicks}`,
    new Set(cluster.mutants).size === cluster.mutants.length ? null : '/config/cluster/mutants names a mutant twice',
  ]);
}

function singleLeaderProblem(cluster: SingleLeaderConfig, trace: Trace): Problem {
  const nodeCount = trace.config.world.nodeCount;
  const validate = ledgerOpValidator();
  return first([
    sharedClusterProblem(cluster, nodeCount),
    ...trace.workload.map(({ op }, index): Problem => {
      if (!validate(op)) return `/workload/${index}/op is not an operation of the single-leader cluster (submit, complete, query or move, with their fields)`;
      return op.kind === 'move' ? nodeProblem(`/workload/${index}/op/node`, (op as unknown as { node: number }).node, nodeCount) : null;
    }),
  ]);
}

/** The leaderless cluster takes submits and completes only: its workload has no queries and no moves. */
function leaderlessProblem(cluster: LeaderlessConfig, trace: Trace): Problem {
  const validate = ledgerOpValidator();
  return first([
    sharedClusterProblem(cluster, trace.config.world.nodeCount),
    ...trace.workload.map(({ op }, index): Problem =>
      validate(op) && (op.kind === 'submit' || op.kind === 'complete') ? null : `/workload/${index}/op is not an operation of the leaderless cluster (submit or complete, with their fields)`,
    ),
  ]);
}

/**
 * A user's protocol: its operations and settings are its own, which only
 * the protocol, given again at replay, can read; here only its planted bugs
 * are checked to be named once.
 */
function customProblem(cluster: CustomClusterConfig): Problem {
  return new Set(cluster.mutants).size === cluster.mutants.length ? null : '/config/cluster/mutants names a mutant twice';
}
