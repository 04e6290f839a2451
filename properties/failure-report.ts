import type { GateFailure } from './shrink-failure.js';

/**
 * A shrunk failure as reports and traces describe it: the gate's, or a
 * user's protocol check's, whose property ids are the protocol's own.
 */
export type ShrunkFailure = Omit<GateFailure, 'property'> & { readonly property: string };

/**
 * How to see a failure again: its trace with the commands that replay it
 * (and show it as a page, where `faultline view` can), or, when the trace
 * could not be written, the command that finds it again.
 */
export type FailureRecipe =
  | { readonly kind: 'trace'; readonly trace: string; readonly replay: string; readonly view?: string | undefined }
  | { readonly kind: 'not-written'; readonly reproduce: string };

/** The lines that say where a trace is and how to use it, or how to make it again. */
export function recipeLines(recipe: FailureRecipe): string[] {
  if (recipe.kind === 'not-written') return ['  trace:  not written (see the error above)', `  reproduce: ${recipe.reproduce}`];
  return [`  trace:  ${recipe.trace}`, `  replay: ${recipe.replay}`, ...(recipe.view === undefined ? [] : [`  view:   ${recipe.view}`])];
}

/**
 * How a shrunk failure reads, as `faultline check` prints it and a user's
 * protocol check reports it: which run broke which property and what it
 * shrank to, then each violated property with its step and the recipe to
 * see it again.
 */
export function failureReport(failure: ShrunkFailure, recipe: FailureRecipe, interrupted = false): string[] {
  const { schedule, aimed, workload, config } = failure.runCase;
  const minimal = failure.shrinkComplete ? '1-minimal' : interrupted ? 'shrinking interrupted' : 'shrink budget exhausted';
  const lines = [
    `run ${failure.run} broke ${failure.property}; shrunk to ${count(schedule.length, 'scheduled fault')}, ${aimed.length} aimed and ${count(workload.length, 'client operation')} on ${config.world.nodeCount} nodes after ${failure.shrinks} shrinks and ${count(failure.removed, 'removal')} (${minimal})`,
  ];
  for (const violation of failure.outcome.violations) {
    lines.push(`VIOLATION ${violation.property} at step ${violation.step} (tick ${violation.tick}): ${violation.message}`, ...recipeLines(recipe));
  }
  return lines;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
