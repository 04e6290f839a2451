import { describe, expect, it } from 'vitest';
import { generateRegisterHistory } from './generate-register-history.js';
import { bindLinModel } from './lin-models.js';
import { parsePorcupineEtcd as parsePorcupineEtcdChunks } from './parse-porcupine-etcd.js';

/** The whole text as one chunk. */
const parsePorcupineEtcd = (text: string, file: string) => parsePorcupineEtcdChunks([text], file);

const check = (lines: readonly string[]) => {
  const bound = bindLinModel(parsePorcupineEtcd(`${lines.join('\n')}\n`, 'generated.log'), 'register');
  return { bound, result: bound.check({ timeoutMs: 60_000 }) };
};

describe('generateRegisterHistory', () => {
  it('gives the same history for the same seed, and another for another seed', () => {
    const shape = { operations: 300, seed: 7 };
    expect(generateRegisterHistory(shape).lines).toEqual(generateRegisterHistory(shape).lines);
    expect(generateRegisterHistory({ ...shape, seed: 8 }).lines).not.toEqual(generateRegisterHistory(shape).lines);
  });

  it('writes the etcd log shape: ten clients, values 0-4, about one write or cas in 40 timed out and replaced', () => {
    const history = generateRegisterHistory({ operations: 4000, seed: 1 });
    const invocations = history.lines.filter((line) => line.includes(':invoke'));
    expect(invocations).toHaveLength(4000);
    const infos = history.lines.filter((line) => line.includes(':info'));
    expect(infos.length).toBe(history.open);
    const mutations = invocations.filter((line) => !line.includes(':read')).length;
    expect(history.open / mutations).toBeGreaterThan(1 / 80);
    expect(history.open / mutations).toBeLessThan(1 / 20);
    expect(new Set(invocations.map((line) => /\d+(?=\t)/.exec(line)?.[0])).size).toBe(10 + history.open);
    for (const line of history.lines) expect(line).toMatch(/^INFO {2}jepsen\.util - \d+\t:(invoke|ok|fail|info)\t:(read|write|cas)\t(nil|[0-4]|\[[0-4] [0-4]\]|:timed-out)$/);
  });

  it('is linearizable as generated, and not once a read is corrupted, stuck at that read', () => {
    expect(check(generateRegisterHistory({ operations: 2000, seed: 3 }).lines).result.kind).toBe('ok');
    const corrupted = generateRegisterHistory({ operations: 2000, seed: 3, corruptRead: true });
    expect(corrupted.expected).toBe('illegal');
    expect(corrupted.lines[(corrupted.corruptedLine ?? 0) - 1]).toMatch(/:invoke\t:read/);
    const { bound, result } = check(corrupted.lines);
    expect(result.kind).toBe('illegal');
    if (result.kind !== 'illegal') return;
    const stuck = result.partitions[result.illegalPartition]?.stuckAt;
    expect(bound.operations[stuck ?? -1]?.line).toBe(corrupted.corruptedLine);
  });
});
