import { expect, test } from 'vitest';
import { benchSim } from './bench-sim.js';

test('gate runs per second are counted over the elapsed time, not the budget', async () => {
  const result = await benchSim({ repetitions: 1, ticks: 20_000, gateSeconds: 1 });
  expect(result.gateRuns).toBeGreaterThan(0);
  // The gate finishes the run in progress when its budget ends, so it always runs a little past it.
  expect(result.gateElapsedSeconds).toBeGreaterThanOrEqual(result.gateSeconds);
  expect(result.gateRunsPerSecond).toBe(Math.round(result.gateRuns / result.gateElapsedSeconds));
  expect(result.deliveriesPerRepetition).toBeGreaterThan(0);
  expect(result.contentDigestDeliveriesPerSecond).toBeGreaterThan(0);
});
