/**
 * Runs one shard of the gate in a worker thread: the options arrive as
 * `workerData`, progress and the result go back as messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runGate, type GateOptions } from './check-gate.js';

const options = workerData as Omit<GateOptions, 'onProgress'>;
const result = runGate({ ...options, onProgress: (progress) => parentPort?.postMessage({ kind: 'progress', progress }) });
parentPort?.postMessage({ kind: 'result', result });
