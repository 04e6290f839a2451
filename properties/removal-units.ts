import type { AimedFaults, Fault } from '../impl/world/fault.js';
import { describeAimed, describeFault } from '../traces/describe-fault.js';
import type { Protocol } from '../impl/world/node-logic.js';
import { clusterOf, type ClusterEntry } from './cluster-registry.js';
import type { RunCase } from './run-case.js';

/**
 * One thing a counterexample could do without: a scheduled fault together
 * with the fault that undoes it (a crash with its restart, a partition with
 * its heal, bad network conditions with the return to the baseline), one
 * aimed fault (one link of a chain), or one client operation. A counterexample is
 * 1-minimal when removing any single unit makes its violation disappear.
 */
export type RemovalUnit =
  | { readonly kind: 'fault'; readonly scheduled: readonly number[]; readonly label: string }
  | { readonly kind: 'aimed'; readonly index: number; readonly label: string }
  | { readonly kind: 'operation'; readonly index: number; readonly label: string };

/** The units of a case, in a fixed order: scheduled faults by time, then aimed faults, then client operations; a case of a user's protocol needs the protocol, for how its operations read. */
export function removalUnits(runCase: RunCase, protocol?: ClusterEntry<Protocol>): RemovalUnit[] {
  const { schedule, aimed, workload } = runCase;
  const baseline = JSON.stringify(runCase.config.world.baselineNetwork);
  const paired = new Set<number>();
  const units: RemovalUnit[] = [];
  schedule.forEach((entry, index) => {
    if (paired.has(index)) return;
    const repair = isHarm(entry.fault, baseline) ? schedule.findIndex((later, at) => at > index && !paired.has(at) && undoes(later.fault, entry.fault, baseline)) : -1;
    if (repair === -1) {
      units.push({ kind: 'fault', scheduled: [index], label: `${describeFault(entry.fault)} at tick ${entry.atTick}` });
      return;
    }
    paired.add(repair);
    units.push({ kind: 'fault', scheduled: [index, repair], label: `${describeFault(entry.fault)} at tick ${entry.atTick}, undone at tick ${schedule[repair]!.atTick}` });
  });
  aimed.forEach((entry, index) => units.push({ kind: 'aimed', index, label: `aimed fault: ${describeAimed(entry)}` }));
  const history = clusterOf(runCase.config, protocol).history;
  workload.forEach((op, index) => {
    const { f, value } = history.describeOp(op.op);
    units.push({ kind: 'operation', index, label: `client ${op.client} ${f}${value === undefined ? '' : ` ${JSON.stringify(value)}`} at tick ${op.atTick}` });
  });
  return units;
}

/** The case without one unit. */
export function withoutUnit(runCase: RunCase, unit: RemovalUnit): RunCase {
  switch (unit.kind) {
    case 'fault':
      return { ...runCase, schedule: runCase.schedule.filter((_, index) => !unit.scheduled.includes(index)) };
    case 'aimed':
      return { ...runCase, aimed: withoutAimed(runCase.aimed, unit.index) };
    case 'operation':
      return { ...runCase, workload: runCase.workload.filter((_, index) => index !== unit.index) };
  }
}

/**
 * Aimed faults without entry `index`. A link chained to the removed one
 * (armed a while after it went off) is chained to the link before it
 * instead; when the removed one headed its chain, the next link heads it,
 * armed at the time the chain was armed plus its own delay, so that it never
 * chains to an unrelated aimed fault listed before.
 */
function withoutAimed(aimed: readonly AimedFaults[], index: number): AimedFaults[] {
  const removed = aimed[index]!;
  const next = aimed[index + 1];
  const rest = aimed.filter((_, at) => at !== index);
  if (next?.afterPrevious === true && removed.afterPrevious !== true) {
    const { afterPrevious: _chained, ...head } = next;
    rest[index] = { ...head, armAtTick: removed.armAtTick + next.armAtTick };
  }
  return rest;
}

function isHarm(fault: Fault, baseline: string): boolean {
  return fault.kind === 'crash' || fault.kind === 'partition' || (fault.kind === 'network' && JSON.stringify(fault.conditions) !== baseline);
}

/** Whether `later` undoes `harm`: the generator schedules each harm's repair after it. */
function undoes(later: Fault, harm: Fault, baseline: string): boolean {
  switch (harm.kind) {
    case 'crash':
      return later.kind === 'restart' && later.node === harm.node;
    case 'partition':
      return later.kind === 'heal-partition';
    case 'network':
      return later.kind === 'network' && JSON.stringify(later.conditions) === baseline;
    default:
      return false;
  }
}
