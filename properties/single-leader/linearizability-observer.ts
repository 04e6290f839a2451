import type { ObserverFactory, RunContext } from '../observer.js';
import { checkLedgerHistory } from './ledger-history.js';
import type { SingleLeaderView } from './single-leader-view.js';

/** How long the linearizability check of one run may take before the run is called undecided. */
export const RUN_LIN_TIMEOUT_MS = 5_000;

/**
 * `linearizable`: at the end of the run, the client history (as the clients
 * saw it, unknown outcomes included) is checked against the ledger spec with
 * the project's checker. A check that times out leaves the property
 * undecided for the run, never held.
 */
export const linearizabilityObserver: ObserverFactory<SingleLeaderView> = {
  properties: ['linearizable'],
  counters: [],
  create(context: RunContext<SingleLeaderView>) {
    return {
      finish() {
        if (context.history.length === 0) return;
        const { result, describe } = checkLedgerHistory(context.config, context.history, RUN_LIN_TIMEOUT_MS);
        if (result.kind === 'unknown') {
          context.inconclusive('linearizable', `the linearizability check of ${context.history.length} operations timed out after ${RUN_LIN_TIMEOUT_MS} ms`);
        } else if (result.kind === 'illegal') {
          const partition = result.partitions[result.illegalPartition];
          const stuck = partition?.stuckAt;
          context.fail('linearizable', `the client history of ${context.history.length} operations is not linearizable: no order of the operations explains ${stuck === undefined ? 'it' : describe(stuck)}`);
        }
      },
    };
  },
};
