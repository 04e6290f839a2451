import fc from 'fast-check';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadTrace } from '../traces/load-trace.js';
import { echoProtocol } from './fixtures/echo-protocol.js';
import { protocolCheck, ProtocolFailure } from './protocol-check.js';
import { replayTrace } from './replay-trace.js';
import type { RunCase } from './run-case.js';

const tracesDir = mkdtempSync(join(tmpdir(), 'faultline-protocol-check-'));
afterAll(() => rmSync(tracesDir, { recursive: true, force: true }));

/** What the property run threw, or undefined when it held. */
function thrownBy(check: { runCases: fc.Arbitrary<RunCase>; holds: (c: RunCase) => void; plugin: fc.Plugin<[RunCase]> }, predicate = check.holds, numRuns = 40): unknown {
  try {
    fc.assert(fc.property(check.runCases, predicate), { seed: 3, numRuns, plugins: [check.plugin] });
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('protocolCheck', () => {
  test('holds quietly on a protocol whose property holds and whose runs reach the required counters', () => {
    expect(thrownBy(protocolCheck(echoProtocol(1_000), { tracesDir }))).toBeUndefined();
  });

  test("reports a violation as faultline check does, shrunk, with a trace that replays and the command that replays it", () => {
    const echo = echoProtocol(0);
    const failure = thrownBy(protocolCheck(echo, { tracesDir, module: './echo protocol.ts' }));
    expect(failure).toBeInstanceOf(ProtocolFailure);
    const { message, tracePath, seed, path, violations, runCase } = failure as ProtocolFailure;
    const lines = message.split('\n');
    expect(lines[0]).toBe('seed: 3');
    expect(lines[1]).toBe('protocol echo with mutant none failed after 1 run');
    // The smallest failing case: one request, no faults, on the smallest node count.
    expect(lines[2]).toMatch(/^run 0 broke count-bounded; shrunk to 0 scheduled faults, 0 aimed and 1 client operation on 3 nodes after \d+ shrinks and 0 removals \(1-minimal\)$/);
    expect(lines[3]).toMatch(/^VIOLATION count-bounded at step \d+ \(tick \d+\): node \d answered 1 requests, more than 0$/);
    expect(lines[4]).toBe(`  trace:  ${tracePath}`);
    expect(lines[5]).toBe(`  replay: npx faultline replay ${tracePath} --protocol './echo protocol.ts'`);
    expect(lines[6]).toContain(`{ seed: 3, path: ${JSON.stringify(path)}, endOnFailure: true, plugins: [check.plugin] }`);
    expect(seed).toBe(3);
    expect(runCase.workload).toHaveLength(1);

    const trace = loadTrace(tracePath!);
    expect(trace).toMatchObject({ seed: 3, path, config: { cluster: { kind: 'custom', name: 'echo', settings: { limit: 0 } } }, verdict: { result: 'violated' } });
    expect(trace.history).toEqual([expect.objectContaining({ f: 'echo', outcome: 'ok' })]);
    const replay = replayTrace(trace, { protocol: echo });
    expect(replay.divergence).toBeNull();
    expect(replay.outcome.violations).toEqual(violations);
  });

  test('names the planted bugs it ran with, and says how to replay from code when no module is named', () => {
    const failure = thrownBy(protocolCheck(echoProtocol(0), { tracesDir, mutants: ['forgets-count'] })) as ProtocolFailure;
    expect(failure.message).toContain('protocol echo with mutant forgets-count failed');
    expect(failure.message).toContain(`replay: replayTrace(loadTrace(${JSON.stringify(failure.tracePath)}), { protocol })`);
    expect(existsSync(failure.tracePath!)).toBe(true);
  });

  test('still reports the violation when its trace cannot be written, with the error and the seed and path that find it again', () => {
    // The folder is fine when the check is made, and a file stands in its way by the time the trace is written.
    const check = protocolCheck(echoProtocol(0), { tracesDir: join(tracesDir, 'vanishing', 'traces'), module: './echo.ts' });
    writeFileSync(join(tracesDir, 'vanishing'), 'x');
    const failure = thrownBy(check) as ProtocolFailure;
    expect(failure).toBeInstanceOf(ProtocolFailure);
    expect(failure.tracePath).toBeNull();
    const lines = failure.message.split('\n');
    expect(lines[2]).toMatch(/^faultline: write-failed: cannot write in the folder \(ENOTDIR\)/);
    expect(lines[4]).toMatch(/^VIOLATION count-bounded at step \d+/);
    expect(lines[5]).toBe('  trace:  not written (see the error above)');
    expect(lines[6]).toBe(`  reproduce: test.prop([check.runCases], { seed: 3, path: ${JSON.stringify(failure.path)}, endOnFailure: true, plugins: [check.plugin] })`);
  });

  test('calls runs that never reach a required counter inconclusive, not a pass', () => {
    const failure = thrownBy(protocolCheck(echoProtocol(1_000, { workload: 'none' }), { tracesDir }));
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/^inconclusive: no echo run ever answered a request, so its runs prove nothing \(protocol echo, 40 runs, seed 3\)$/);
  });

  test("leaves a failure that is not the protocol's (an assertion of the user's own) to fast-check's report", () => {
    const check = protocolCheck(echoProtocol(1_000), { tracesDir });
    const failure = thrownBy(check, (runCase) => {
      check.holds(runCase);
      if (runCase.config.world.nodeCount === 5) throw new Error('five nodes are too many for this test');
    });
    expect(failure).not.toBeInstanceOf(ProtocolFailure);
    expect((failure as Error).message).toMatch(/^Property failed after \d+ tests/);
    expect(((failure as Error).cause as Error).message).toBe('five nodes are too many for this test');
  });

  test('refuses a traces folder it could not write in before any run, as check does', () => {
    const file = join(tracesDir, 'a-file');
    writeFileSync(file, 'x');
    expect(() => protocolCheck(echoProtocol(0), { tracesDir: file })).toThrow(/cannot write traces to .*a-file.*: it is a file, not a folder/);
  });

  test('rejects a mutant the protocol does not have', () => {
    expect(() => protocolCheck(echoProtocol(1), { mutants: ['vote-twice'] })).toThrow(/protocol echo has no mutant "vote-twice"/);
  });
});
