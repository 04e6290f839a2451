import { expect, test } from 'vitest';
import { sandboxProgram, spawnSandboxProcess } from './sandbox-process.js';

const SCHEDULER_CHILD = new URL('./scheduler-child.ts', import.meta.url);

test('a sandbox process that never says a word is stopped once it has been silent too long, and its parent learns that it never got going', async () => {
  // The process blocks at once, before it could start its watchdog: as a process left waiting for a message that never arrives does.
  const program = Buffer.from('Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);').toString('base64');
  const sandbox = spawnSandboxProcess({ program, start: { scheduler: '', callLimitMs: 0, work: null }, heapMb: 64, silenceLimitMs: 1_500 });
  expect(await sandbox.silent).toEqual({ heardBefore: false });
  expect((await sandbox.ended).signal).toBe('SIGKILL');
}, 20_000);

test("a sandbox whose main thread is busy for longer than the silence limit is not stopped: its watchdog's heartbeat comes from another thread", async () => {
  // A scheduler module that takes three seconds to load, twice the silence limit, in a loop that never yields.
  const scheduler = "const until = Date.now() + 3000; while (Date.now() < until) {} export default { kind: 'scheduler', name: 'slow-loader', place: () => [] };";
  const sandbox = spawnSandboxProcess({ program: await sandboxProgram(SCHEDULER_CHILD), start: { scheduler, callLimitMs: 0, work: { stepLimit: 1_000 } }, heapMb: 256, silenceLimitMs: 1_500 });
  let silent = false;
  void sandbox.silent.then(() => (silent = true));
  const reply = await new Promise((resolve) => sandbox.child.once('message', resolve));
  expect(reply).toMatchObject({ kind: 'ready', name: 'slow-loader' });
  expect(silent).toBe(false);
  sandbox.kill();
  await sandbox.ended;
}, 20_000);
