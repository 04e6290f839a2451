import type { GateFailure } from './check-gate.js';

/**
 * How a shrunk failure reads, as `faultline check` prints it and a user's
 * protocol check reports it: the size it shrank to, then each violated
 * property with its step, the trace and the command that replays it.
 */
export function failureReport(failure: Omit<GateFailure, 'path'>, tracePath: string, replayCommand: string): string[] {
  const { schedule, aimed, workload, config } = failure.runCase;
  const lines = [
    `shrunk to ${count(schedule.length, 'scheduled fault')}${aimed.length > 0 ? `, ${count(aimed.length, 'aimed fault')}` : ''} and ${count(workload.length, 'client operation')} on ${config.world.nodeCount} nodes after ${failure.shrinks} shrinks${failure.shrinkComplete ? '' : ' (shrink budget exhausted)'}`,
  ];
  for (const violation of failure.outcome.violations) {
    lines.push(`VIOLATION ${violation.property} at step ${violation.step} (tick ${violation.tick}): ${violation.message}`, `  trace:  ${tracePath}`, `  replay: ${replayCommand}`);
  }
  return lines;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
