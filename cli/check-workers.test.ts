import { expect, test } from 'vitest';
import { bufferIo } from './buffer-io.js';
import { main } from './main.js';

test('--workers above the core count is capped to the cores, and says so', async () => {
  const { availableParallelism } = await import('node:os');
  const io = bufferIo();
  await main(['check', '--cluster', 'single-leader', '--workers', '64', '--runs', '4', '--seed', '1', '--json'], io);
  const cores = Math.min(64, availableParallelism());
  expect(JSON.parse(io.out())).toMatchObject({ result: expect.any(String), runs: 4 });
  if (cores < 64) expect(io.err()).toContain(`--workers 64: this machine has ${cores} core`);
  expect(io.err()).toMatch(cores > 1 ? new RegExp(`at most 4 runs, ${cores} workers`) : /checking cluster single-leader with mutant none, budget 30s, at most 4 runs\n/);
}, 60_000);
