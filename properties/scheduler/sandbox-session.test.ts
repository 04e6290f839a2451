import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test, vi } from 'vitest';
import { checkScheduler } from './check-scheduler.js';
import { openModuleSession } from './open-scheduler-session.js';
import { runWorkload } from './run-workload.js';
import { sandboxProcessCounts } from './sandbox-process.js';
import { bundleSchedulerModule } from './scheduler-bundle.js';
import type { SchedulerSession } from './scheduler-session.js';
import type { SchedulerWorkload } from './scheduler-workload.js';

const folder = mkdtempSync(join(tmpdir(), 'faultline-session-'));

/** A scheduler that takes 20 ms a call and rejects everything: a run of it is mostly calls, so a time limit ends it in the middle of one. */
function slowScheduler(): string {
  const path = join(folder, 'slow.ts');
  writeFileSync(
    path,
    "import { defineScheduler } from 'faultline/scheduler';\nexport default defineScheduler({ name: 'slow', place: ({ pending }) => { const until = Date.now() + 20; while (Date.now() < until) {} return pending.map((request) => ({ kind: 'reject', requestId: request.id })); } });\n",
  );
  return path;
}

/** The built-in first-fit as a module of the user's: it runs in a sandbox process, its calls take microseconds. */
function firstFitModule(): string {
  const path = join(folder, 'first-fit.ts');
  writeFileSync(path, `export { firstFitScheduler as default } from ${JSON.stringify(fileURLToPath(new URL('../../impl/schedulers/first-fit-scheduler.ts', import.meta.url)))};\n`);
  return path;
}

const submit = { kind: 'submit' as const, requests: [{ tenant: 'a', demand: { cpuMillis: 1, memoryMiB: 1 } }] };
const threeSubmits: SchedulerWorkload = { nodes: [{ cpuMillis: 1000, memoryMiB: 1024 }], events: [submit, submit, submit] };

describe('no sandbox process outlives its check', () => {
  test('checks whose time limit ends in the middle of a workload leave no process running', async () => {
    // Fast calls: the time limit then often ends a run whose call has been answered already, and the run goes on.
    for (const seed of [1, 2, 3, 4, 5]) {
      const result = await checkScheduler({ scheduler: firstFitModule(), seed, timeBudgetMs: 300, tracesDir: folder });
      expect(result.result).toBe('pass');
    }
    await vi.waitFor(() => expect(sandboxProcessCounts().running).toBe(0), { timeout: 5_000 });
  });

  test('a session closed between two calls of a workload starts no new process for the next', async () => {
    const session = await openModuleSession(await bundleSchedulerModule(slowScheduler()));
    // As when fast-check's time limit abandons a run: the check closes the session, and the run goes on to its next call.
    const closingAfterFirstCall: SchedulerSession = {
      ...session,
      call: async (fn, input) => {
        const outcome = await session.call(fn, input);
        await session.close();
        return outcome;
      },
    };
    expect(await runWorkload(threeSubmits, closingAfterFirstCall)).toMatchObject({ kind: 'violated', violation: { message: expect.stringMatching(/session was closed/) } });
    await vi.waitFor(() => expect(sandboxProcessCounts().running).toBe(0), { timeout: 5_000 });
  });
});
