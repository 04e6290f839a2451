import { expect, test } from 'vitest';
import { bufferIo } from './buffer-io.js';
import { main } from './main.js';

test('--workers above the core count is capped to the cores, and says so', async () => {
  const { availableParallelism } = await import('node:os');
  const io = bufferIo();
  await main(['check', '--cluster', 'single-leader', '--workers', '64', '--runs', '4', '--seed', '1', '--json'], io);
  expect(JSON.parse(io.out())).toMatchObject({ workers: Math.min(64, availableParallelism()) });
  if (availableParallelism() < 64) expect(io.err()).toContain(`--workers 64: this machine has ${availableParallelism()} core`);
}, 60_000);
