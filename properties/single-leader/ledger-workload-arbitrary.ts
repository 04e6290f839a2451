import fc from 'fast-check';
import type { SimConfig } from '../../impl/sim-config.js';
import type { WorkloadOp } from '../../impl/world/workload.js';
import type { LedgerClientOp } from '../../model/ledger-command.js';
import type { Resources } from '../../model/resources.js';
import { demandArbitrary } from '../scheduler/scheduler-workload.js';

const TENANTS = ['tenant-a', 'tenant-b', 'tenant-c'] as const;

/** A generated operation before job ids are given out: a complete names a submit by position. */
type DraftOp =
  | { readonly kind: 'submit'; readonly demand: Resources; readonly tenant: string; readonly durationTicks: number }
  | { readonly kind: 'complete'; readonly pick: number }
  | { readonly kind: 'query' };

interface DraftWorkloadOp {
  readonly atTick: number;
  readonly client: number;
  readonly op: DraftOp;
}

/**
 * Client workloads for the single-leader cluster: submits of jobs from three
 * tenants (demands at round sizes, off by one, or anywhere, as the scheduler
 * workloads draw them; some fit nowhere), completions of earlier jobs (or of
 * none, when there is no earlier one), and queries. Operations come in
 * bursts: a burst starts anywhere in the fault phase or the first half of the
 * liveness window, and its operations follow within a few ticks of each
 * other, so that concurrent operations, and a read right after a write, are
 * common rather than rare. Job ids are given out in time order after
 * generation, so that removing an operation while shrinking leaves the
 * others meaningful.
 */
export function ledgerWorkloadArbitrary(config: SimConfig, options: { readonly maxBursts?: number; readonly queries?: boolean } = {}): fc.Arbitrary<readonly WorkloadOp<LedgerClientOp>[]> {
  const { maxBursts = 6, queries = true } = options;
  const lastTick = config.world.faultPhaseTicks + Math.floor(config.world.livenessBoundTicks / 2);
  const op: fc.Arbitrary<DraftOp> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('submit' as const), demand: demandArbitrary, tenant: fc.constantFrom(...TENANTS), durationTicks: fc.integer({ min: 30, max: 400 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('complete' as const), pick: fc.nat({ max: 63 }) }) },
    // A cluster that keeps no global view (the leaderless one) cannot answer a read of the whole allocation, and is not asked.
    ...(queries ? [{ weight: 3, arbitrary: fc.constant({ kind: 'query' as const }) }] : []),
  );
  const member = fc.record({ offsetTicks: fc.nat({ max: 40 }), client: fc.nat({ max: config.world.clients.count - 1 }), op });
  const burst = fc.record({ atTick: fc.nat({ max: lastTick }), members: fc.array(member, { minLength: 1, maxLength: 5 }) });
  return fc
    .array(burst, { maxLength: maxBursts })
    .map((bursts) => assignJobIds(bursts.flatMap(({ atTick, members }) => members.map(({ offsetTicks, client, op: draft }) => ({ atTick: atTick + offsetTicks, client, op: draft })))));
}

function assignJobIds(drafts: readonly DraftWorkloadOp[]): WorkloadOp<LedgerClientOp>[] {
  const ordered = [...drafts].sort((a, b) => a.atTick - b.atTick);
  let submitted = 0;
  return ordered.map(({ atTick, client, op }): WorkloadOp<LedgerClientOp> => {
    switch (op.kind) {
      case 'submit':
        submitted++;
        return { atTick, client, op: { kind: 'submit', job: `j${submitted}`, demand: op.demand, tenant: op.tenant, durationTicks: op.durationTicks } };
      case 'complete':
        // With no earlier submit, the complete names a job that never existed: the ledger must say it does not know it.
        return { atTick, client, op: { kind: 'complete', job: submitted === 0 ? 'j0' : `j${(op.pick % submitted) + 1}` } };
      case 'query':
        return { atTick, client, op: { kind: 'query' } };
    }
  });
}
