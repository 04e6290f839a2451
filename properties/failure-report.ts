import type { GateFailure } from './check-gate.js';

/**
 * How to see a failure again: its trace and the command that replays it,
 * or, when the trace could not be written, the command that finds it again.
 */
export type FailureRecipe = { readonly kind: 'trace'; readonly trace: string; readonly replay: string } | { readonly kind: 'not-written'; readonly reproduce: string };

/**
 * How a shrunk failure reads, as `faultline check` prints it and a user's
 * protocol check reports it: the size it shrank to, then each violated
 * property with its step and the recipe to see it again.
 */
export function failureReport(failure: Omit<GateFailure, 'path'>, recipe: FailureRecipe): string[] {
  const { schedule, aimed, workload, config } = failure.runCase;
  const lines = [
    `shrunk to ${count(schedule.length, 'scheduled fault')}${aimed.length > 0 ? `, ${count(aimed.length, 'aimed fault')}` : ''} and ${count(workload.length, 'client operation')} on ${config.world.nodeCount} nodes after ${failure.shrinks} shrinks${failure.shrinkComplete ? '' : ' (shrink budget exhausted)'}`,
  ];
  for (const violation of failure.outcome.violations) {
    lines.push(`VIOLATION ${violation.property} at step ${violation.step} (tick ${violation.tick}): ${violation.message}`);
    if (recipe.kind === 'trace') lines.push(`  trace:  ${recipe.trace}`, `  replay: ${recipe.replay}`);
    else lines.push('  trace:  not written (see the error above)', `  reproduce: ${recipe.reproduce}`);
  }
  return lines;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
