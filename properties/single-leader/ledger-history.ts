import { nodeName, type LedgerClientOp } from '../../model/ledger-command.js';
import { describeLedgerOperation, ledgerSpec, type LedgerInput, type LedgerOutput } from '../../model/ledger-spec.js';
import { mayRefuseLedgerSpec } from '../../model/may-refuse-ledger-spec.js';
import { toDeterministicSpec } from '../../model/nondeterministic-spec.js';
import type { SimConfig } from '../../impl/sim-config.js';
import type { Resources } from '../../model/resources.js';
import type { HistoryCodec } from '../cluster-registry.js';
import type { HistoryCall } from '../history-recorder.js';
import { checkLinearizable } from '../lin/check-linearizable.js';
import type { LinOperation } from '../lin/history.js';
import type { LinResult } from '../lin/lin-result.js';
import type { SingleLeaderView } from './single-leader-view.js';

/** A client operation as the ledger spec reads it. */
export function ledgerInput(op: LedgerClientOp): LedgerInput {
  switch (op.kind) {
    case 'submit':
      return { kind: 'submit', job: op.job, demand: op.demand, tenant: op.tenant };
    case 'complete':
      return { kind: 'complete', job: op.job };
    case 'query':
      return { kind: 'query' };
    case 'move':
      return { kind: 'move', job: op.job, node: nodeName(op.node) };
  }
}

/**
 * How the ledger's operations read in faultline's history JSON, the shape
 * `faultline lin --model ledger` reads: a submit's value is its job, demand and
 * tenant, a placement's result names the node and the grant; rejections,
 * completions of unknown jobs and refused moves are `refused`.
 */
export const ledgerHistoryCodec: HistoryCodec<SingleLeaderView> = {
  describeOp(op) {
    const { kind, ...value } = ledgerInput(op);
    return kind === 'query' ? { f: kind } : { f: kind, value };
  },
  describeOutput(output) {
    switch (output.kind) {
      case 'placed':
        return { outcome: 'ok', result: { node: output.node, ...(output.grant === undefined ? {} : { grant: output.grant }) } };
      case 'allocations':
        return { outcome: 'ok', result: output.allocated };
      case 'completed':
      case 'moved':
        return { outcome: 'ok' };
      case 'rejected':
      case 'unknown-job':
      case 'refused':
        return { outcome: 'refused' };
      case 'unknown':
        return { outcome: 'result-unknown' };
    }
  },
};

/** The capacities of a built-in cluster's nodes, by node id: both keep the allocation ledger, which a user's protocol does not. */
export function ledgerCapacities(config: SimConfig): readonly Resources[] {
  if (config.cluster.kind === 'custom') throw new RangeError(`protocol ${config.cluster.name} keeps no allocation ledger`);
  return config.cluster.capacities;
}

/** The cluster's nodes as the ledger spec names them. */
export function ledgerNodes(config: SimConfig) {
  return ledgerCapacities(config).map((capacity, node) => ({ id: nodeName(node), capacity }));
}

/**
 * Checks a run's client history against the ledger spec of its cluster: the
 * strict one for the single-leader cluster (it never rejects what fits), the
 * one that may refuse for the leaderless cluster. Operations never answered
 * have an unknown outcome: they may have taken effect at any time after their
 * call, or not at all.
 */
export function checkLedgerHistory(config: SimConfig, calls: readonly HistoryCall<SingleLeaderView>[], timeoutMs: number): { result: LinResult; describe(index: number): string } {
  const operations: LinOperation<LedgerInput, LedgerOutput>[] = calls.map((call) => ({
    client: call.process,
    call: call.call,
    return: call.return,
    input: ledgerInput(call.op),
    output: call.output ?? { kind: 'unknown' },
  }));
  // The single-leader cluster is work-conserving; the leaderless one grants from per-node shares and may refuse while capacity sits elsewhere.
  const spec = config.cluster.kind === 'single-leader' ? ledgerSpec(ledgerNodes(config)) : mayRefuseLedgerSpec(ledgerNodes(config));
  const result = checkLinearizable(toDeterministicSpec(spec), operations, { timeoutMs });
  return {
    result,
    describe: (index) => {
      const operation = operations[index];
      return operation === undefined ? `operation ${index}` : `${describeLedgerOperation(operation.input, operation.output)} by client ${operation.client} called at tick ${operation.call}`;
    },
  };
}
