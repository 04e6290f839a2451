import fc from 'fast-check';
import type { ProtocolRun, WorkloadOp } from 'faultline';
import type { LockOp, LockSettings } from './lock-protocol.js';

/**
 * Clients asking for jobs during the fault phase, some short, some longer
 * than a lease, so that holders renew and the lock changes hands while
 * faults strike. Each job has its own number.
 */
export function lockWorkload(run: ProtocolRun<LockSettings>): fc.Arbitrary<readonly WorkloadOp<LockOp>[]> {
  const lastTick = run.world.faultPhaseTicks - 1;
  const request = fc.record({
    atTick: fc.nat({ max: lastTick }),
    client: fc.nat({ max: run.world.clients.count - 1 }),
    workTicks: fc.oneof(fc.integer({ min: 10, max: 100 }), fc.integer({ min: 100, max: 2 * run.settings.promiseTicks })),
  });
  return fc
    .array(request, { minLength: 1, maxLength: 24 })
    .map((requests) => requests.map(({ atTick, client, workTicks }, job) => ({ atTick, client, op: { kind: 'run' as const, job, workTicks } })));
}
