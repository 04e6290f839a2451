/**
 * A lease lock service, checked with faultline as a user's own protocol: the
 * default export is its definition, which the tests beside it check from
 * vitest (`lock-service.test.ts`) and which replays its traces:
 *
 *   npx faultline replay faultline-traces/lease-lock-mutual-exclusion-seed1.json --protocol ./examples/lock-service/lock-service.ts
 *
 * The protocol is in `lock-node.ts`, its property in
 * `mutual-exclusion-observer.ts`.
 */
import fc from 'fast-check';
import { defineProtocol } from 'faultline';
import { LOCK_MUTANTS, lockNodeLogic } from './lock-node.js';
import type { LockProtocol, LockSettings } from './lock-protocol.js';
import { lockWorkload } from './lock-workload.js';
import { mutualExclusionObserver } from './mutual-exclusion-observer.js';

const settings: LockSettings = { promiseTicks: 300, renewTicks: 100, retryMinTicks: 40, retryMaxTicks: 160 };

export default defineProtocol<LockProtocol, LockSettings, 'mutual-exclusion'>({
  name: 'lease-lock',
  settings,
  mutants: LOCK_MUTANTS,
  // No `world` or `nodeCounts`: faultline's defaults, three clients asking three or five nodes whose clocks drift up to ±10%.
  logic: lockNodeLogic,
  observers: [mutualExclusionObserver],
  workload: lockWorkload,
  // Renewal requests and grants are where the lock changes hands, so aimed faults wait for them most.
  triggers: [
    { on: 'send', msgKind: 'request', weight: 3 },
    { on: 'send', msgKind: 'grant', weight: 3 },
    { on: 'send', msgKind: 'release' },
    { on: 'persist', weight: 2 },
    { on: 'reply' },
  ],
  // Renewing rarely leaves a lease to run out under a holder; short promises make expiry races common.
  tune: fc.record({ renewTicks: fc.constantFrom(100, 60, 200), promiseTicks: fc.constantFrom(300, 150) }),
  required: ['lock-acquired'],
});
