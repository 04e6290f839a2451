import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FaultlineError } from '../model/faultline-error.js';
import { defaultSingleLeaderConfig } from '../impl/single-leader/default-config.js';
import { runCase } from '../properties/run-case.js';
import { traceFromRun } from '../properties/trace-from-run.js';
import { loadTrace } from './load-trace.js';
import { serializeTrace, writeTrace } from './write-trace.js';

const folder = mkdtempSync(join(tmpdir(), 'faultline-traces-'));
const schedule = [{ atTick: 300, fault: { kind: 'partition' as const, partition: { kind: 'isolate' as const, node: 0 } } }, { atTick: 900, fault: { kind: 'heal-partition' as const } }];
const base = defaultSingleLeaderConfig(3, []);
const config = { ...base, world: { ...base.world, faultPhaseTicks: 1_000, livenessBoundTicks: 1_000 } };
const runOf = { config, worldSeed: 4, schedule, aimed: [], workload: [] };
const trace = traceFromRun(runOf, runCase(runOf, { record: true, stopAtFirstViolation: false }), { seed: 1, path: '0' });

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof FaultlineError) return error.code;
    throw error;
  }
  return 'no error';
}
const file = (name: string, content: string) => {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
};

describe('loadTrace', () => {
  test('a written trace loads back equal', () => {
    const path = writeTrace(folder, 'roundtrip', trace);
    expect(loadTrace(path)).toEqual(trace);
  });

  test('each kind of bad input has its own error code', () => {
    expect(codeOf(() => loadTrace(join(folder, 'absent.json')))).toBe('file-missing');
    expect(codeOf(() => loadTrace(file('garbage.json', '{"formatVersion": 2,')))).toBe('not-json');
    expect(codeOf(() => loadTrace(file('v3.json', JSON.stringify({ ...trace, formatVersion: 3 }))))).toBe('format-version');
    expect(codeOf(() => loadTrace(file('array.json', '[]')))).toBe('format-version');
    expect(codeOf(() => loadTrace(file('schema.json', JSON.stringify({ ...trace, worldSeed: 'four' }))))).toBe('schema');
    const badFault = { ...trace, schedule: [{ atTick: 1, fault: { kind: 'meteor', node: 0 } }] };
    expect(codeOf(() => loadTrace(file('fault.json', JSON.stringify(badFault))))).toBe('schema');
  });

  test('error messages are one line that names the file', () => {
    try {
      loadTrace(file('schema2.json', JSON.stringify({ ...trace, config: { ...trace.config, world: { ...trace.config.world, nodeCount: 0 } } })));
      expect.unreachable();
    } catch (error) {
      const line = (error as FaultlineError).oneLine();
      expect(line).not.toContain('\n');
      expect(line).toContain('schema2.json');
      expect(line).toContain('/config/world/nodeCount');
    }
  });

  test('a trace from an older faultline says so and what to do', () => {
    try {
      loadTrace(file('v1.json', JSON.stringify({ ...trace, formatVersion: 1 })));
      expect.unreachable();
    } catch (error) {
      expect((error as FaultlineError).code).toBe('format-version');
      expect((error as FaultlineError).oneLine()).toMatch(/written by an older faultline \(formatVersion 1\).*run the check that wrote it again/);
    }
  });
});

describe('writeTrace', () => {
  test('never overwrites: a second write of the same name gets a new name', () => {
    const first = writeTrace(folder, 'same', trace);
    const second = writeTrace(folder, 'same', trace);
    expect(second).not.toBe(first);
    expect(loadTrace(first)).toEqual(loadTrace(second));
  });

  test('refuses to write a trace that does not match the schema', () => {
    expect(() => writeTrace(folder, 'bad', { ...trace, eventsDigest: 'xyz' })).toThrow(/schema/);
  });

  test('serialization puts one event per line and is stable', () => {
    const text = serializeTrace(trace);
    expect(text).toBe(serializeTrace(JSON.parse(text)));
    expect(text.split('\n').length).toBeGreaterThan(trace.events.length);
  });
});
