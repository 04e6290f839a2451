import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { bufferIo } from '../cli/buffer-io.js';
import { main } from '../cli/main.js';
import { useHostileSchedulers, type HostileName } from '../properties/scheduler/hostile-schedulers.js';
import { checkSchedulerInCluster } from './check-scheduler-in-cluster.js';

const tracesDir = mkdtempSync(join(tmpdir(), 'faultline-cluster-sandbox-'));
const { hostile: hostileSchedulers, connections: connectionsMade } = useHostileSchedulers();

describe('a user scheduler placing jobs inside the clusters runs under the same rules', () => {
  test.each<[HostileName, RegExp]>([
    ['writes-a-file', /use the file system \(fs\.writeFileSync\)/],
    ['runs-a-command', /start a process \(child_process\.execSync\)/],
    ['opens-a-socket', /open a network connection/],
    ['catches-the-refusal', /use the file system \(fs\.writeFileSync\)/],
  ])('a scheduler that %s breaks termination in the run where it tried, and nothing happens', async (name, deed) => {
    const result = await checkSchedulerInCluster({ scheduler: hostileSchedulers().path(name), seed: 1, runs: 20, timeBudgetMs: 30_000, tracesDir });
    expect(result.result).toBe('fail');
    expect(result.violations[0]?.property).toBe('termination');
    expect(result.violations[0]?.message).toMatch(/^place threw NotPure: the scheduler tried to /);
    expect(result.violations[0]?.message).toMatch(deed);
    expect(existsSync(hostileSchedulers().marker)).toBe(false);
    expect(connectionsMade()).toBe(0);
  });

  test('a call that never returns stops the sandbox and breaks termination', async () => {
    const result = await checkSchedulerInCluster({ scheduler: fileURLToPath(new URL('../properties/scheduler/fixtures/never-returns.ts', import.meta.url)), seed: 1, runs: 20, timeBudgetMs: 30_000, tracesDir, callTimeoutMs: 300 });
    expect(result.result).toBe('fail');
    expect(result.violations[0]).toMatchObject({ property: 'termination', trace: null });
    expect(result.violations[0]?.message).toMatch(/did not return within 300 ms/);
  });
});

describe('a cluster trace made with a user scheduler', () => {
  test('names the module and hashes its source, replays only with --scheduler PATH, and says when the source differs', async () => {
    const module = join(mkdtempSync(join(tmpdir(), 'faultline-module-')), 'throws.ts');
    appendFileSync(module, readFileSync(new URL('../properties/scheduler/fixtures/throws.ts', import.meta.url), 'utf8').replace("'../../../impl/schedulers/define-scheduler.js'", "'faultline/scheduler'"));
    const result = await checkSchedulerInCluster({ scheduler: module, seed: 1, runs: 20, timeBudgetMs: 30_000, tracesDir });
    const trace = result.violations[0]?.trace ?? '';
    const written = JSON.parse(readFileSync(trace, 'utf8')) as { schedulerSource?: { file: string; sha256: string }; command?: string };
    expect(written.schedulerSource).toEqual({ file: 'throws.ts', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // The module's path is only in the command that wrote the trace, which is text for people, never run.
    const { command: _command, ...rest } = written;
    expect(JSON.stringify(rest)).not.toContain(module);

    const bare = bufferIo();
    expect(await main(['replay', trace], bare)).toBe(2);
    expect(bare.err()).toMatch(/usage: the file was made with a user's scheduler module: replay it with --scheduler PATH; faultline never loads code named inside a file/);

    const same = bufferIo();
    expect(await main(['replay', trace, '--scheduler', module], same)).toBe(1);
    expect(same.out()).toContain('scheduler module: throws.ts, the same source as recorded');

    appendFileSync(module, '\n// changed since the trace was written\n');
    const changed = bufferIo();
    expect(await main(['replay', trace, '--scheduler', module, '--json'], changed)).toBe(1);
    expect(JSON.parse(changed.out()).traces[0].schedulerSource).toMatchObject({ recorded: written.schedulerSource?.sha256, matches: false });
    const text = bufferIo();
    await main(['replay', trace, '--scheduler', module], text);
    expect(text.out()).toMatch(/scheduler module: throws\.ts DIFFERS from the module the file was made with \(source sha256 recorded [0-9a-f]{12}…, now [0-9a-f]{12}…\)/);
  });
});
