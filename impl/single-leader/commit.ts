import type { NodeContext } from '../world/node-logic.js';
import { reconcileJobs, sendAssign } from './job-runner.js';
import { persistHard } from './raft-log.js';
import type { Out, SingleLeaderEnv } from './single-leader-env.js';
import type { SingleLeaderState } from './single-leader-state.js';

/**
 * Applies the newly committed entries to the node's ledger, in log order.
 * The new commit index reaches the disk first, so that after a restart the
 * node resumes from it rather than from an older state. A leader answers
 * each client whose command it applies (a retried request gets the first
 * answer again) and tells a job's node at once that the job is assigned to
 * it. Then the node brings the jobs it runs in line with the ledger.
 */
export function applyCommitted(state: SingleLeaderState, env: SingleLeaderEnv, ctx: NodeContext, out: Out): void {
  const machine = state.machine;
  if (machine.appliedIndex >= state.commitIndex) return;
  persistHard(state, env, out);
  while (machine.appliedIndex < state.commitIndex) {
    const index = machine.appliedIndex + 1;
    const { command } = state.log[index - 1]!;
    const output = machine.apply(command, index);
    if (state.role !== 'leader') continue;
    if (output !== null && 'client' in command) {
      out.push({ kind: 'reply', client: command.client, requestId: command.requestId, reply: { kind: 'result', output } });
    }
    const assigned =
      command.kind === 'submit' || command.kind === 'handoff-done' || (command.kind === 'move' && env.mutants['move-without-handoff']) ? machine.jobs.get(command.job) : undefined;
    if (assigned !== undefined && assigned.since === index) sendAssign(state, assigned, out);
  }
  reconcileJobs(state, env, ctx, out);
}
