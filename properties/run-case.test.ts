import { expect, test } from 'vitest';
import type { Protocol } from '../impl/world/node-logic.js';
import type { ObservedEvent } from '../impl/world/world-event.js';
import { GateCaseStream } from './gate-case-stream.js';
import { gateArbitrary } from './gate-search.js';
import type { ObserverFactory } from './observer.js';
import { runCase, type RunCase } from './run-case.js';

type MessageEvent = Extract<ObservedEvent<Protocol>, { kind: 'send' | 'deliver' | 'drop' }>;

/** An observer that keeps the message events it is given, optionally of some message kinds only. */
function messageLog(messages?: readonly string[]): { factory: ObserverFactory<Protocol>; seen: MessageEvent[] } {
  const seen: MessageEvent[] = [];
  const factory: ObserverFactory<Protocol> = {
    properties: [],
    counters: [],
    events: ['send', 'deliver', 'drop', 'reply'],
    ...(messages === undefined ? {} : { messages }),
    create: () => ({ onEvent: (event) => void (event.kind === 'reply' ? undefined : seen.push(event as MessageEvent)) }),
  };
  return { factory, seen };
}

/** The first leaderless gate run of seed 7 that sends a transfer. */
function runWithTransfers(): RunCase {
  const stream = new GateCaseStream(gateArbitrary(['leaderless'], []), 7);
  for (let index = 0; index < 50; index++) {
    const candidate = stream.at(index);
    if ((runCase(candidate, { record: false, stopAtFirstViolation: false }).coverage['transfer-applied'] ?? 0) > 0) return candidate;
  }
  throw new Error('no run of the first 50 moved capacity');
}

test('an observer that names message kinds sees the events of those messages only, the same ones an observer of every message sees', () => {
  const candidate = runWithTransfers();
  const all = messageLog();
  const transfers = messageLog(['transfer']);
  const outcome = runCase(candidate, { record: false, stopAtFirstViolation: false, observers: [all.factory, transfers.factory] });
  expect(outcome.violations).toEqual([]);
  expect(new Set(all.seen.map((event) => event.msg.kind)).size).toBeGreaterThan(1);
  expect(transfers.seen.length).toBeGreaterThan(0);
  expect(transfers.seen).toEqual(all.seen.filter((event) => event.msg.kind === 'transfer'));
});

test('when every observer of messages names kinds, the run is the same as when one wants them all', () => {
  const candidate = runWithTransfers();
  const filtered = runCase(candidate, { record: false, stopAtFirstViolation: false, digestContents: true });
  const everything = runCase(candidate, { record: false, stopAtFirstViolation: false, digestContents: true, observers: [messageLog().factory] });
  expect(filtered.digest).toBe(everything.digest);
  expect(filtered.coverage).toEqual(everything.coverage);
  expect(filtered.violations).toEqual(everything.violations);
});
