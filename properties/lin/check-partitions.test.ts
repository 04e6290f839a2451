import { describe, expect, it } from 'vitest';
import { fillLinSpecDefaults } from '../../model/lin-spec.js';
import { registerSpec, type RegisterInput, type RegisterOutput } from '../../model/register-spec.js';
import { checkPartitions } from './check-partitions.js';
import { LinBudget } from './lin-budget.js';
import type { LinOperation } from './history.js';

type Operation = LinOperation<RegisterInput, RegisterOutput>;
const spec = fillLinSpecDefaults(registerSpec);
const read = (call: number, value: number | null): Operation => ({ client: 0, call, return: call + 1, input: { kind: 'read' }, output: { kind: 'read', value } });
const write = (call: number, value: number): Operation => ({ client: 1, call, return: call + 1, input: { kind: 'write', value } , output: { kind: 'write' } });

describe('checkPartitions', () => {
  it('is ok only when every partition is, and maps results back to history indices', () => {
    const operations = [write(0, 1), read(0, null), read(2, 1), read(5, null)];
    const result = checkPartitions(spec, operations, [[0, 2], [1, 3]], new LinBudget());
    expect(result.kind).toBe('ok');
    expect(result.partitions.map((partition) => [partition.kind, partition.operations])).toEqual([
      ['ok', [0, 2]],
      ['ok', [1, 3]],
    ]);
  });

  it('reports the illegal partition, its stuck operation and its longest partial linearization in history indices', () => {
    const operations = [read(0, null), write(2, 7), read(4, 8)];
    const result = checkPartitions(spec, operations, [[0], [1, 2]], new LinBudget());
    expect(result.kind).toBe('illegal');
    if (result.kind !== 'illegal') return;
    expect(result.illegalPartition).toBe(1);
    expect(result.partitions[1]).toMatchObject({ kind: 'illegal', stuckAt: 2, longest: [{ operations: [1], stuckAt: 2 }] });
  });

  it('answers unknown when the deadline has passed before a partition is decided', () => {
    const writes = Array.from({ length: 22 }, (_, index): Operation => ({ client: index, call: 0, return: 10, input: { kind: 'write', value: index }, output: { kind: 'write' } }));
    const operations = [...writes, read(20, -1)];
    const result = checkPartitions(spec, operations, [operations.map((_, index) => index)], new LinBudget({ timeoutMs: 0, startedAt: performance.now() - 1 }));
    expect(result.kind).toBe('unknown');
  });
});
