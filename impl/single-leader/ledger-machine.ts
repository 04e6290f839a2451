import { nodeName, type LedgerCommand } from '../../model/ledger-command.js';
import { allocationsOf, canMove, type AppliedRequest, type LedgerJob } from '../../model/ledger-machine.js';
import type { LedgerOutput } from '../../model/ledger-spec.js';
import { addResources, NO_RESOURCES, subtractResources, type Resources } from '../../model/resources.js';

/**
 * The replicated allocation ledger as each node runs it: mutable and
 * incremental, where the reference model (`model/ledger-machine.ts`) is
 * immutable and simple. The `refinement` property checks that the two agree
 * at every log index every node applies.
 */
export class LedgerMachine {
  readonly jobs = new Map<string, LedgerJob>();
  readonly allocated: Resources[];
  readonly lastByClient = new Map<number, AppliedRequest>();
  /** The log index of the last command applied. */
  appliedIndex = 0;

  constructor(
    private readonly capacities: readonly Resources[],
    /** False only under the `no-request-dedup` mutant: retried requests are applied again. */
    private readonly dedup: boolean,
  ) {
    this.allocated = capacities.map(() => NO_RESOURCES);
  }

  /** Applies the command at log index `index` (the next one) and returns the answer owed to its client, if any. */
  apply(command: LedgerCommand, index: number): LedgerOutput | null {
    this.appliedIndex = index;
    if (command.kind === 'noop') return null;
    if (command.kind === 'handoff-done') {
      const job = this.jobs.get(command.job);
      if (job !== undefined && job.handoffFrom === command.from) this.jobs.set(job.job, { ...job, handoffFrom: null, since: index });
      return null;
    }
    const last = this.lastByClient.get(command.client);
    if (this.dedup && last !== undefined && command.requestId <= last.requestId) {
      return command.requestId === last.requestId ? last.output : null;
    }
    const output = this.execute(command, index);
    this.lastByClient.set(command.client, { requestId: command.requestId, output });
    return output;
  }

  private execute(command: Exclude<LedgerCommand, { kind: 'noop' | 'handoff-done' }>, index: number): LedgerOutput {
    switch (command.kind) {
      case 'submit': {
        if (this.jobs.has(command.job) || command.placement === null) return { kind: 'rejected' };
        const { node, grant } = command.placement;
        this.jobs.set(command.job, { job: command.job, node, tenant: command.tenant, demand: command.demand, grant, durationTicks: command.durationTicks, handoffFrom: null, since: index });
        this.allocated[node] = addResources(this.allocated[node]!, grant);
        return { kind: 'placed', node: nodeName(node), grant };
      }
      case 'complete': {
        const job = this.jobs.get(command.job);
        if (job === undefined) return { kind: 'unknown-job' };
        this.jobs.delete(command.job);
        this.allocated[job.node] = subtractResources(this.allocated[job.node]!, job.grant);
        return { kind: 'completed' };
      }
      case 'move': {
        const job = this.jobs.get(command.job);
        if (job === undefined || !canMove(this, job, command.to, this.capacities)) return { kind: 'refused' };
        this.jobs.set(job.job, { ...job, node: command.to, handoffFrom: job.node, since: index });
        this.allocated[job.node] = subtractResources(this.allocated[job.node]!, job.grant);
        this.allocated[command.to] = addResources(this.allocated[command.to]!, job.grant);
        return { kind: 'moved' };
      }
      case 'query':
        return { kind: 'allocations', allocated: allocationsOf(this.allocated) };
    }
  }

  /** An independent copy, for the leader's view of its whole log. */
  clone(): LedgerMachine {
    const copy = new LedgerMachine(this.capacities, this.dedup);
    for (const [id, job] of this.jobs) copy.jobs.set(id, job);
    this.allocated.forEach((vector, node) => (copy.allocated[node] = vector));
    for (const [client, applied] of this.lastByClient) copy.lastByClient.set(client, applied);
    copy.appliedIndex = this.appliedIndex;
    return copy;
  }
}
