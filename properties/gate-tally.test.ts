import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import type { GateRunRecord, GateRunVerdict } from './gate-run.js';
import { GateTally } from './gate-tally.js';

const record = (index: number, verdict: GateRunVerdict): GateRunRecord => ({
  index,
  cluster: 'single-leader',
  verdict,
  property: verdict === 'violated' ? 'liveness' : null,
  coverage: { 'leader-elected': 1, 'job-placed': index % 2 },
});

test.prop([
  fc.array(fc.constantFrom<GateRunVerdict>('held', 'held', 'held', 'undecided', 'violated', 'nondeterministic'), { minLength: 1, maxLength: 40 }),
  fc.record({ count: fc.integer({ min: 1, max: 4 }), offset: fc.nat() }),
  fc.nat(),
])('counts the shard\'s runs up to the first that ended the search, whatever order they arrive in', (verdicts, { count, offset }, seed) => {
  const shard = { index: offset % count, count };
  const records = verdicts.map((verdict, k) => record(shard.index + k * count, verdict));
  const stopAt = records.findIndex((r) => r.verdict === 'violated' || r.verdict === 'nondeterministic');
  const counted = stopAt === -1 ? records : records.slice(0, stopAt + 1);
  // A deterministic shuffle from the seed: threads deliver runs in any order.
  const shuffled = [...records].sort((a, b) => ((a.index * 2654435761 + seed) % 97) - ((b.index * 2654435761 + seed) % 97));
  const tally = new GateTally(shard);
  for (const r of shuffled) tally.add(r);
  const summary = tally.summary();
  expect(summary.stop).toEqual(stopAt === -1 ? null : records[stopAt]);
  expect(summary.runs).toBe(counted.length);
  expect(summary.undecided).toBe(counted.filter((r) => r.verdict === 'undecided').length);
  expect(summary.coverage['single-leader']?.reached['job-placed'] ?? 0).toBe(counted.filter((r) => r.index % 2 === 1).length);
  expect(tally.count).toBe(records.length);
});
