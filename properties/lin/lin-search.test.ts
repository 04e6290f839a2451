import { describe, expect, it } from 'vitest';
import { fillLinSpecDefaults } from '../../model/lin-spec.js';
import { registerSpec, type RegisterInput, type RegisterOutput } from '../../model/register-spec.js';
import type { LinOperation } from './history.js';
import { LinBudget } from './lin-budget.js';
import { LinSearch } from './lin-search.js';

type Operation = LinOperation<RegisterInput, RegisterOutput>;
const spec = fillLinSpecDefaults(registerSpec);

const write = (client: number, call: number, ret: number, value: number): Operation => ({ client, call, return: ret, input: { kind: 'write', value }, output: { kind: 'write' } });
const read = (client: number, call: number, ret: number, value: number | null): Operation => ({ client, call, return: ret, input: { kind: 'read' }, output: { kind: 'read', value } });

/** Three overlapping writes, then reads that pin down one order of them. */
const pinned = [write(0, 0, 10, 1), write(1, 1, 10, 2), write(2, 2, 10, 3), read(3, 20, 21, 2), read(4, 22, 23, 2)];
/** The same, but the last read contradicts the first. */
const contradicted = [...pinned.slice(0, 4), read(4, 22, 23, 3)];

describe('LinSearch', () => {
  it('gives the same verdict run one step at a time as run in one go', () => {
    for (const history of [pinned, contradicted]) {
      const whole = new LinSearch(spec, history).run(Infinity);
      const stepwise = new LinSearch(spec, history);
      let status = stepwise.run(1);
      for (let guard = 0; status === 'running' && guard < 10_000; guard++) status = stepwise.run(1);
      expect(status).toBe(whole);
    }
    expect(new LinSearch(spec, pinned).run(Infinity)).toBe('ok');
    expect(new LinSearch(spec, contradicted).run(Infinity)).toBe('illegal');
  });

  it('stops within its iteration budget and counts its steps', () => {
    const search = new LinSearch(spec, contradicted);
    expect(search.run(3)).toBe('running');
    expect(search.steps).toBe(3);
    search.run(Infinity);
    expect(search.status).toBe('illegal');
    expect(search.run(5)).toBe('illegal');
  });

  it('reports the longest partial linearizations and where they got stuck', () => {
    const search = new LinSearch(spec, contradicted);
    search.run(Infinity);
    const longest = search.longest();
    expect(longest.length).toBeGreaterThan(0);
    for (const partial of longest) {
      // Everything but the contradicting read fits, in an order ending with 2.
      expect(partial.operations).toHaveLength(4);
      expect(partial.operations[3]).toBe(3);
      expect(partial.stuckAt).toBe(4);
    }
    expect(search.stuckAt()).toBe(4);
  });

  it('times out on a past deadline instead of answering', () => {
    const writes = Array.from({ length: 24 }, (_, index) => write(index, 0, 10, index));
    const search = new LinSearch(spec, [...writes, read(99, 20, 21, -1)]);
    expect(search.run(Infinity, new LinBudget({ timeoutMs: 0, startedAt: performance.now() - 1 }))).toBe('timeout');
  });
});
