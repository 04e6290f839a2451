import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import lockService from '../examples/lock-service/lock-service.js';
import { protocolCheck, ProtocolFailure } from '../properties/protocol-check.js';

/**
 * `faultline replay --protocol PATH` through the compiled bin, as a user runs
 * it on a trace their own test wrote: the example's lock service, with a
 * planted bug, loaded from its TypeScript file.
 */
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const module = './examples/lock-service/lock-service.ts';
const faultline = (...args: string[]) => spawnSync(process.execPath, [join(repo, 'bin', 'faultline.js'), ...args], { cwd: repo, encoding: 'utf8', timeout: 60_000 });

let dir = '';
let trace = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-replay-protocol-'));
  const check = protocolCheck(lockService, { mutants: ['lease-ignores-drift'], tracesDir: dir, module });
  try {
    fc.assert(fc.property(check.runCases, check.holds), { seed: 2, numRuns: 1_000, plugins: [check.plugin] });
  } catch (error) {
    if (!(error instanceof ProtocolFailure)) throw error;
    trace = error.tracePath ?? '';
  }
  if (trace === '') throw new Error('the planted bug was not caught, so there is no trace to replay');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('faultline replay --protocol', () => {
  test('replays a trace of a user protocol to the same violation at the same step, and holds with --mutant none', () => {
    const replayed = faultline('replay', trace, '--protocol', module);
    expect(replayed.stderr).toBe('');
    expect(replayed.status).toBe(1);
    expect(replayed.stdout).toMatch(/^replay .*: protocol lease-lock, 3 nodes, mutants lease-ignores-drift, world seed \d+, /);
    expect(replayed.stdout).toMatch(/events: \d+ replayed, identical to the \d+ recorded \(step digest matches\)/);
    expect(replayed.stdout).toMatch(/VIOLATION mutual-exclusion at step \d+ \(tick \d+\): nodes \d and \d both held the lock .*\[same step as recorded\]/);

    const fixed = faultline('replay', trace, '--protocol', module, '--mutant', 'none', '--json');
    expect(fixed.status).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ result: 'held', traces: [{ mutants: [], violations: [], mutantsChanged: true }] });
  });

  test.each([
    ['without --protocol', [], /^faultline: unknown-protocol: the run is of protocol lease-lock, a user's own: name the module that defines it \(faultline replay --protocol PATH/],
    ['with a module that defines no protocol', ['--protocol', './examples/my-scheduler.ts'], /^faultline: unknown-protocol: the module has no default export made with defineProtocol \(path=.*my-scheduler\.ts\)$/],
    ['with a module that is not there', ['--protocol', './examples/no-such-protocol.ts'], /^faultline: file-missing: protocol file not found/],
    ['with a mutant the protocol does not have', ['--protocol', module, '--mutant', 'vote-twice'], /^faultline: unknown-mutant: protocol lease-lock has no mutant "vote-twice"; use one of its own, or --mutant none \(known=lease-ignores-drift,promise-not-persisted\)$/],
    ['with a scheduler as well', ['--protocol', module, '--scheduler', './examples/my-scheduler.ts'], /^faultline: usage: --scheduler applies to the single-leader cluster, --protocol to a user's protocol/],
  ])('is bad input, said in one line, %s', (_, args, message) => {
    const run = faultline('replay', trace, ...args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
  });

  test.each([
    ['does not compile, naming its file, line and column', 'broken.ts', 'export default {\n  name: "x",,\n};\n', /^faultline: parse: the protocol module does not compile: .* \(file=.*broken\.ts line=2 column=\d+\)$/],
    ['throws while it loads', 'throws.mjs', 'throw new Error("no settings file");\n', /^faultline: parse: the protocol module failed to load: no settings file \(path=.*throws\.mjs\)$/],
  ])('is bad input, said in one line, with a module that %s', (_, name, source, message) => {
    const file = join(dir, name);
    writeFileSync(file, source);
    const run = faultline('replay', trace, '--protocol', file);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
  });

  test('refuses --protocol for a trace of a built-in cluster, naming the file', () => {
    const [regression] = readdirSync(join(repo, 'traces', 'regressions')).filter((file) => file.endsWith('.json'));
    const run = faultline('replay', join('traces', 'regressions', regression!), '--protocol', module);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toMatch(/^faultline: usage: the run is of the built-in [a-z-]+ cluster, not of protocol lease-lock: leave the protocol out \(file=traces\/regressions\//);
  });

  test('checks with --check-minimal that the trace is 1-minimal for its property, running the protocol given', () => {
    const run = faultline('replay', trace, '--protocol', module, '--check-minimal');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^1-minimal: yes: (each of the \d+ faults and client operations is|the one fault or client operation is) needed for mutual-exclusion to break$/m);
    expect(run.stdout).toMatch(/^ {2}needed {6}client \d run \{"job":\d+,"workTicks":\d+\} at tick \d+: without it mutual-exclusion holds$/m);
  });

  test('view draws a trace of a user protocol with the lanes every cluster has, naming the protocol and how to replay it', () => {
    const page = join(dir, 'lease-lock.html');
    const run = faultline('view', trace, '-o', page);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('— protocol lease-lock, 3 nodes —');
    expect(html).toMatch(/npx faultline replay [^<]*\.json --protocol MODULE<\/code>/);
  });

  test('lin asks for a model for the history of a user protocol, which has none of faultline\'s', () => {
    const run = faultline('lin', trace);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toMatch(/^faultline: usage: lin: cannot tell which model the history uses; pass --model /);
  });
});
