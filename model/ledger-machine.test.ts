import { describe, expect, test } from 'vitest';
import type { LedgerCommand } from './ledger-command.js';
import { applyLedgerCommand, emptyLedgerMachine, type LedgerMachineState } from './ledger-machine.js';
import { resources } from './resources.js';

const capacities = [resources(4000, 8192), resources(2000, 4096)];

function run(commands: readonly LedgerCommand[]): { state: LedgerMachineState; outputs: unknown[] } {
  let state = emptyLedgerMachine(capacities.length);
  const outputs: unknown[] = [];
  commands.forEach((command, position) => {
    const applied = applyLedgerCommand(state, command, position + 1, capacities);
    state = applied.state;
    outputs.push(applied.output);
  });
  return { state, outputs };
}

const submit = (requestId: number, job: string, node: number | null, cpu = 1000, client = 0): LedgerCommand => ({
  kind: 'submit',
  client,
  requestId,
  job,
  tenant: 't',
  demand: resources(cpu, 1024),
  durationTicks: 10,
  placement: node === null ? null : { node, grant: resources(cpu, 1024) },
});

describe('the replicated ledger (reference model)', () => {
  test('applies placements, completions and rejections, and keeps allocations as the sum of grants', () => {
    const { state, outputs } = run([{ kind: 'noop' }, submit(1, 'j1', 0), submit(2, 'j2', null), submit(3, 'j1', 1), { kind: 'complete', client: 0, requestId: 4, job: 'j9' }]);
    expect(outputs).toEqual([null, { kind: 'placed', node: 'n0', grant: resources(1000, 1024) }, { kind: 'rejected' }, { kind: 'rejected' }, { kind: 'unknown-job' }]);
    expect(state.allocated).toEqual([resources(1000, 1024), resources(0, 0)]);
    expect(state.jobs.get('j1')).toMatchObject({ node: 0, since: 2, handoffFrom: null });
  });

  test('applies a retried request once and answers it again with the first answer; a late older one changes nothing', () => {
    const { state, outputs } = run([submit(5, 'j1', 0), submit(5, 'j1', 0), { kind: 'complete', client: 0, requestId: 6, job: 'j1' }, { kind: 'complete', client: 0, requestId: 6, job: 'j1' }, submit(5, 'j1', 0)]);
    expect(outputs).toEqual([{ kind: 'placed', node: 'n0', grant: resources(1000, 1024) }, { kind: 'placed', node: 'n0', grant: resources(1000, 1024) }, { kind: 'completed' }, { kind: 'completed' }, null]);
    expect(state.jobs.size).toBe(0);
  });

  test('a move needs a settled job, another node and room there; the job then waits for its handoff', () => {
    const { state, outputs } = run([
      submit(1, 'j1', 0, 1500),
      { kind: 'move', client: 9, requestId: 1, job: 'j1', to: 0 },
      { kind: 'move', client: 9, requestId: 2, job: 'j1', to: 1 },
      { kind: 'move', client: 9, requestId: 3, job: 'j1', to: 0 },
      { kind: 'handoff-done', job: 'j1', from: 1 },
      { kind: 'handoff-done', job: 'j1', from: 0 },
    ]);
    expect(outputs.slice(1, 4)).toEqual([{ kind: 'refused' }, { kind: 'moved' }, { kind: 'refused' }]);
    expect(state.jobs.get('j1')).toMatchObject({ node: 1, handoffFrom: null, since: 6 });
    expect(state.allocated).toEqual([resources(0, 0), resources(1500, 1024)]);
    expect(run([submit(1, 'j1', 0, 2500), { kind: 'move', client: 9, requestId: 1, job: 'j1', to: 1 }]).outputs[1]).toEqual({ kind: 'refused' });
  });

  test('a query answers the allocation of every node that holds anything', () => {
    const { outputs } = run([submit(1, 'j1', 1), { kind: 'query', client: 3, requestId: 1 }]);
    expect(outputs[1]).toEqual({ kind: 'allocations', allocated: { n1: resources(1000, 1024) } });
  });

  test('never mutates the state it is given', () => {
    const before = run([submit(1, 'j1', 0)]).state;
    const copy = { jobs: new Map(before.jobs), allocated: [...before.allocated], lastByClient: new Map(before.lastByClient) };
    applyLedgerCommand(before, { kind: 'complete', client: 0, requestId: 2, job: 'j1' }, 2, capacities);
    expect(before).toEqual(copy);
  });
});
