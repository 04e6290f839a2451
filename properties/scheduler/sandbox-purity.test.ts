import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FaultlineError } from '../../model/faultline-error.js';
import { checkScheduler } from './check-scheduler.js';
import { useHostileSchedulers, type HostileName } from './hostile-schedulers.js';

const tracesDir = mkdtempSync(join(tmpdir(), 'faultline-purity-'));
const { hostile: hostileSchedulers, connections: connectionsMade } = useHostileSchedulers();

describe('a user scheduler runs where files, processes, workers and the network are out of reach', () => {
  test.each<[HostileName, RegExp]>([
    ['writes-a-file', /use the file system \(fs\.writeFileSync\)/],
    ['reads-a-file', /use the file system \(fs\.readFileSync\)/],
    ['runs-a-command', /start a process \(child_process\.execSync\)/],
    ['opens-a-socket', /open a network connection/],
    ['makes-an-http-request', /open a network connection/],
    ['fetches-a-url', /use the network \(fetch\)/],
    ['starts-a-worker', /start a worker thread/],
    ['catches-the-refusal', /use the file system \(fs\.writeFileSync\)/],
    ['kills-its-parent', /use process\.kill/],
  ])('a scheduler that %s breaks termination, as not pure, and nothing happens', async (name, deed) => {
    const result = await checkScheduler({ scheduler: hostileSchedulers().path(name), seed: 1, runs: 20, timeBudgetMs: 20_000, tracesDir });
    expect(result.result).toBe('fail');
    expect(result.violations[0]?.property).toBe('termination');
    expect(result.violations[0]?.message).toMatch(/^place threw NotPure: the scheduler tried to .*; a scheduler must be pure: no files, processes, workers or network$/);
    expect(result.violations[0]?.message).toMatch(deed);
    expect(existsSync(hostileSchedulers().marker)).toBe(false);
    expect(connectionsMade()).toBe(0);
  });

  test.each<[HostileName, RegExp]>([
    ['exits-at-import', /while loading, the scheduler module tried to use process\.exit/],
    ['writes-at-import', /while loading, the scheduler module tried to use the file system \(fs\.writeFileSync\)/],
  ])('a module that %s is refused at once as not pure (exit 2), without waiting for a timeout', async (name, expected) => {
    const started = performance.now();
    const failure = await checkScheduler({ scheduler: hostileSchedulers().path(name), seed: 1, runs: 5, timeBudgetMs: 20_000, tracesDir }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FaultlineError);
    expect((failure as FaultlineError).code).toBe('not-pure');
    expect((failure as FaultlineError).message).toMatch(expected);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(existsSync(hostileSchedulers().marker)).toBe(false);
  });
});
