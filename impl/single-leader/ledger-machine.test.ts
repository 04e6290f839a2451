import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import type { LedgerCommand } from '../../model/ledger-command.js';
import { applyLedgerCommand, emptyLedgerMachine } from '../../model/ledger-machine.js';
import { resources } from '../../model/resources.js';
import { LedgerMachine } from './ledger-machine.js';

const capacities = [resources(2000, 4096), resources(1000, 2048), resources(4000, 1024)];
const job = fc.constantFrom('j1', 'j2', 'j3', 'j4');
const client = fc.nat({ max: 2 });
const requestId = fc.integer({ min: 1, max: 6 });
const command: fc.Arbitrary<LedgerCommand> = fc.oneof(
  fc.constant<LedgerCommand>({ kind: 'noop' }),
  fc
    .record({ client, requestId, job, cpu: fc.nat({ max: 3 }), node: fc.option(fc.nat({ max: 2 }), { nil: null }) })
    .map(({ client, requestId, job, cpu, node }): LedgerCommand => ({
      kind: 'submit',
      client,
      requestId,
      job,
      tenant: 't',
      demand: resources(cpu * 500, 512),
      durationTicks: 5,
      placement: node === null ? null : { node, grant: resources(cpu * 500, 512) },
    })),
  fc.record({ client, requestId, job }).map(({ client, requestId, job }): LedgerCommand => ({ kind: 'complete', client, requestId, job })),
  fc.record({ client, requestId, job, to: fc.nat({ max: 2 }) }).map(({ client, requestId, job, to }): LedgerCommand => ({ kind: 'move', client, requestId, job, to })),
  fc.record({ job, from: fc.nat({ max: 2 }) }).map(({ job, from }): LedgerCommand => ({ kind: 'handoff-done', job, from })),
  fc.record({ client, requestId }).map(({ client, requestId }): LedgerCommand => ({ kind: 'query', client, requestId })),
);

test.prop([fc.array(command, { maxLength: 40 })])('the nodes\' mutable ledger answers and ends like the reference model, and so does its clone', (commands) => {
  const machine = new LedgerMachine(capacities, true);
  let model = emptyLedgerMachine(capacities.length);
  commands.forEach((next, position) => {
    const applied = applyLedgerCommand(model, next, position + 1, capacities);
    model = applied.state;
    expect(machine.apply(next, position + 1)).toEqual(applied.output);
  });
  for (const copy of [machine, machine.clone()]) {
    expect(new Map(copy.jobs)).toEqual(model.jobs);
    expect(copy.allocated).toEqual(model.allocated);
    expect(new Map(copy.lastByClient)).toEqual(model.lastByClient);
    expect(copy.appliedIndex).toBe(commands.length);
  }
});

test('under no-request-dedup a retried submit is applied again: the first answer is lost', () => {
  const machine = new LedgerMachine(capacities, false);
  const submit: LedgerCommand = { kind: 'submit', client: 0, requestId: 1, job: 'j1', tenant: 't', demand: resources(500, 512), durationTicks: 5, placement: { node: 0, grant: resources(500, 512) } };
  expect(machine.apply(submit, 1)).toMatchObject({ kind: 'placed' });
  expect(machine.apply(submit, 2)).toEqual({ kind: 'rejected' });
});
