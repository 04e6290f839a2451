import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { defaultSingleLeaderConfig } from '../impl/single-leader/default-config.js';
import { defaultWorldConfig } from '../impl/world/world-config.js';
import { FaultlineError } from '../model/faultline-error.js';
import { clusterOf } from './cluster-registry.js';
import { defineProtocol, isProtocolDefinition, type ProtocolSpec } from './define-protocol.js';
import { echoProtocol, echoSpec, type EchoProtocol, type EchoSettings } from './fixtures/echo-protocol.js';
import { runCase } from './run-case.js';

/** The fixture's spec with one field changed, to be rejected. */
function specWith(change: Record<string, unknown>): ProtocolSpec<EchoProtocol, EchoSettings, 'count-bounded'> {
  return { ...echoSpec(1), ...change } as ProtocolSpec<EchoProtocol, EchoSettings, 'count-bounded'>;
}

function problem(change: Record<string, unknown>): string {
  try {
    defineProtocol(specWith(change));
  } catch (error) {
    if (error instanceof FaultlineError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'accepted';
}

describe('defineProtocol', () => {
  test.each([
    [{ name: 'Lease Lock' }, /usage: defineProtocol: the name "Lease Lock" must be 1 to 64 lowercase letters/],
    [{ name: 'single-leader' }, /the name single-leader is a built-in cluster's/],
    [{ settings: [1, 2] }, /settings must be an object of plain JSON values/],
    [{ settings: { limit: undefined } }, /settings\.limit is undefined: settings must be plain JSON, since a trace stores them/],
    [{ settings: { limit: Number.NaN } }, /settings\.limit is NaN/],
    [{ settings: { at: new Date(0) } }, /settings\.at is not a plain object/],
    [{ settings: { nested: [{ f: () => 1 }] } }, /settings\.nested\[0\]\.f is a function/],
    [{ mutants: ['Bad Bug'] }, /the mutant name "Bad Bug"/],
    [{ mutants: ['twice', 'twice'] }, /mutants must be distinct/],
    [{ nodeCounts: [0] }, /nodeCounts must list node counts from 1 to 31/],
    [{ observers: [] }, /needs at least one observer/],
    [{ required: ['never-declared'] }, /the required counter "never-declared" is not one any observer declares/],
    [{ longestFaultTicks: 0.5 }, /longestFaultTicks must be a whole number/],
  ])('rejects a spec with %o in one sentence', (change, message) => {
    expect(problem(change)).toMatch(message);
  });

  test('rejects an observer whose property id is not a name', () => {
    const [observer] = echoSpec(1).observers;
    expect(problem({ observers: [{ ...observer, properties: ['Count Bounded'] }] })).toMatch(/the property id "Count Bounded" must start with a lowercase letter/);
  });

  test("builds configurations in faultline's default world, with a JSON copy of the settings and the chosen mutants", () => {
    const echo = echoProtocol(2);
    const config = echo.defaultConfig(5, ['forgets-count']);
    expect(config.world).toEqual({ ...defaultWorldConfig(5), faultPhaseTicks: 400, livenessBoundTicks: 100 });
    expect(config.cluster).toEqual({ kind: 'custom', name: 'echo', mutants: ['forgets-count'], settings: { limit: 2 } });
    expect(() => echo.defaultConfig(3, ['vote-twice'])).toThrow(/protocol echo has no mutant "vote-twice"/);
    expect(echo.longestFaultTicks(config)).toBe(120);
    expect(isProtocolDefinition(echo)).toBe(true);
    expect(isProtocolDefinition({ ...echo, kind: 'scheduler' })).toBe(false);
  });

  test('tunes settings over the defaults, through JSON, so a run uses what its trace stores', () => {
    const tuned = defineProtocol({ ...specWith({}), tune: fc.constant({ limit: 7 }) });
    const [tune] = fc.sample(tuned.tune, { seed: 1, numRuns: 1 });
    const config = tune!(tuned.defaultConfig(3, []));
    expect(config.cluster).toEqual({ kind: 'custom', name: 'echo', mutants: [], settings: { limit: 7 } });
  });

  test('a run of a user protocol needs its definition, under its own name; a built-in run takes none', () => {
    const echo = echoProtocol(1);
    const config = echo.defaultConfig(3, []);
    expect(() => clusterOf(config)).toThrow(/the run is of protocol echo, a user's own: name the module that defines it/);
    expect(() => clusterOf(config, { ...echo, name: 'other' })).toThrow(/the run is of protocol echo, but the protocol given is other/);
    expect(() => clusterOf(defaultSingleLeaderConfig(3, []), echo)).toThrow(/the run is of the built-in single-leader cluster, not of protocol echo/);
    expect(clusterOf(config, echo)).toBe(echo);
  });

  test('runs in the world: answers are recorded in the history with the default codec, and the planted limit is caught', () => {
    const echo = echoProtocol(0);
    const config = echo.defaultConfig(3, []);
    const workload = [{ atTick: 5, client: 0, op: { kind: 'echo' as const, word: 'a' } }];
    const outcome = runCase({ config, worldSeed: 1, schedule: [], aimed: [], workload }, { record: true, stopAtFirstViolation: false, protocol: echo });
    expect(outcome.violations).toEqual([expect.objectContaining({ property: 'count-bounded', message: 'node 0 answered 1 requests, more than 0' })]);
    expect(outcome.coverage).toEqual({ echoed: 1 });
    expect(echo.history.describeOp(workload[0]!.op)).toEqual({ f: 'echo', value: { word: 'a' } });
    expect(echo.history.describeOutput({ kind: 'echoed', word: 'a', by: 0 })).toEqual({ outcome: 'ok', result: { kind: 'echoed', word: 'a', by: 0 } });
  });
});
