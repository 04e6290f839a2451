/**
 * One thread of the gate's search: takes the shard's runs one at a time from
 * the shared counter until none is left, or the limit or the stop flag says
 * so, and posts each run's record to the parent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { endsSearch } from './gate-run.js';
import { gateRunner } from './gate-search.js';
import { SHARED, type GateWorkerData, type GateWorkerMessage } from './run-gate-parallel.js';

const { spec, shared } = workerData as GateWorkerData;
const flags = new Int32Array(shared);
const runAt = gateRunner(spec);
const post = (message: GateWorkerMessage) => parentPort?.postMessage(message);

for (;;) {
  if (Atomics.load(flags, SHARED.stop) !== 0) break;
  const index = spec.shard.index + Atomics.add(flags, SHARED.next, 1) * spec.shard.count;
  if (index >= Atomics.load(flags, SHARED.limit)) break;
  const record = runAt(index);
  if (endsSearch(record)) lowerLimit(index + 1);
  post({ kind: 'run', record });
}
post({ kind: 'done' });

/** Lowers the shared limit to `value` unless another thread has lowered it further. */
function lowerLimit(value: number): void {
  for (;;) {
    const current = Atomics.load(flags, SHARED.limit);
    if (value >= current || Atomics.compareExchange(flags, SHARED.limit, current, value) === current) return;
  }
}
