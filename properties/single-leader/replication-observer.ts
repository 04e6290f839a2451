import type { LogEntry } from '../../impl/single-leader/single-leader-msg.js';
import type { SingleLeaderState } from '../../impl/single-leader/single-leader-state.js';
import type { ObserverFactory, RunContext } from '../observer.js';
import { CommittedLog } from './committed-log.js';
import type { SingleLeaderView } from './single-leader-view.js';

/** A number that names a log position and term together. */
const positionKey = (index: number, term: number) => index * 1_000_003 + term;

/**
 * The Raft safety properties (Figure 3 of the Raft paper):
 *
 * - `log-matching`, on the durable logs as the `append` writes change them:
 *   each (index, term) names one entry, with one term before it. By
 *   induction, two logs that share an entry's index and term are then equal up
 *   to it. Only written entries need checking, since a write leaves the
 *   entries before it alone.
 * - `leader-completeness`: when a node becomes leader of a term, its log holds
 *   every entry known to have been committed in an earlier term.
 * - `state-machine-safety`: no two nodes apply different entries at one index,
 *   and nodes never disagree about what is committed.
 */
export const replicationObserver: ObserverFactory<SingleLeaderView> = {
  properties: ['log-matching', 'leader-completeness', 'state-machine-safety'],
  counters: [{ id: 'log-conflict-resolved', label: 'replaced conflicting log entries' }],
  events: ['append', 'fault'],
  create(context: RunContext<SingleLeaderView>) {
    const { world } = context;
    const nodeCount = world.config.nodeCount;
    const disks: LogEntry[][] = Array.from({ length: nodeCount }, () => []);
    const registry = new Map<number, { entry: LogEntry; prevTerm: number }>();
    const committed = new CommittedLog();
    /** Per node, the state object last seen (a restart makes a new one) and how far it had applied. */
    const seen: (SingleLeaderState | undefined)[] = new Array(nodeCount).fill(undefined);
    const seenApplied: number[] = new Array<number>(nodeCount).fill(0);
    const leaderOfTerm = new Map<number, number>();

    const checkApplied = (node: number, state: SingleLeaderState) => {
      if (seen[node] !== state) {
        seen[node] = state;
        seenApplied[node] = 0;
      }
      const applied = state.machine.appliedIndex;
      for (let index = seenApplied[node]! + 1; index <= applied; index++) {
        const entry = state.log[index - 1];
        const agreed = committed.entries[index - 1];
        if (agreed !== undefined && entry !== agreed) {
          context.fail('state-machine-safety', `node ${node} applied ${describe(entry)} at index ${index}, where the committed entry is ${describe(agreed)}`);
          return;
        }
      }
      seenApplied[node] = applied;
    };

    return {
      onEvent(event) {
        if (event.kind === 'fault') {
          const { fault } = event;
          // A node that crashes in the middle of a step is read before its state is gone.
          const state = fault.kind === 'crash' || fault.kind === 'leave' ? world.state(fault.node) : undefined;
          if (state !== undefined) committed.learnFrom(state);
          if (fault.kind === 'leave') disks[fault.node] = [];
          return;
        }
        if (event.kind !== 'append') return;
        const disk = disks[event.node]!;
        if (event.fromIndex < disk.length) context.count('log-conflict-resolved');
        if (disk.length !== event.fromIndex) disk.length = event.fromIndex;
        for (const entry of event.entries) {
          const index = disk.length + 1;
          const prevTerm = index === 1 ? 0 : disk[index - 2]!.term;
          disk.push(entry);
          const key = positionKey(index, entry.term);
          const known = registry.get(key);
          if (known === undefined) {
            registry.set(key, { entry, prevTerm });
          } else if (known.entry !== entry || known.prevTerm !== prevTerm) {
            context.fail(
              'log-matching',
              `node ${event.node} wrote ${describe(entry)} at index ${index} term ${entry.term} after term ${prevTerm}, where another log holds ${describe(known.entry)} after term ${known.prevTerm}`,
            );
          }
        }
      },
      afterStep(info) {
        const node = info.node;
        if (node < 0) return;
        const state = world.state(node);
        if (state === undefined) return;
        const known = committed.entries.length;
        const commit = Math.min(state.commitIndex, state.log.length);
        for (let index = Math.max(1, commit - 2); index <= Math.min(commit, known); index++) {
          // The last few committed entries a node knows are compared with the agreed prefix; earlier ones were compared when it applied them.
          if (state.log[index - 1] !== committed.entries[index - 1]) {
            context.fail('state-machine-safety', `node ${node} holds ${describe(state.log[index - 1])} at committed index ${index}, where the committed entry is ${describe(committed.entries[index - 1])}`);
            return;
          }
        }
        committed.learnFrom(state);
        checkApplied(node, state);
        if (state.role === 'leader' && leaderOfTerm.get(state.currentTerm) !== node) {
          leaderOfTerm.set(state.currentTerm, node);
          for (let index = 1; index <= committed.entries.length; index++) {
            // Leader completeness speaks of entries committed in earlier terms only: a leader of an older term may lag behind.
            if (committed.commitTerms[index - 1]! < state.currentTerm && state.log[index - 1] !== committed.entries[index - 1]) {
              context.fail(
                'leader-completeness',
                `node ${node} became leader of term ${state.currentTerm} without the committed entry ${describe(committed.entries[index - 1])} at index ${index} (it has ${describe(state.log[index - 1])})`,
              );
              return;
            }
          }
        }
      },
    };
  },
};

function describe(entry: LogEntry | undefined): string {
  if (entry === undefined) return 'nothing';
  const { command } = entry;
  const subject = 'job' in command ? ` ${command.job}` : '';
  const request = 'requestId' in command ? ` (request ${command.requestId})` : '';
  return `${command.kind}${subject}${request} of term ${entry.term}`;
}
