import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * faultline as a user gets it: the tarball `npm pack` makes, installed with
 * npm into an empty project, used from plain Node, from the bin, with a
 * TypeScript scheduler, from a user's own TypeScript under strict settings,
 * and from a user's own vitest suite checking their own protocol. It runs on whatever Node runs vitest (`.ci/run` runs it again on
 * Node 22 and 24), and it needs the build in dist/, which `npm test` makes
 * first.
 */
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(repo, 'consumer', 'fixtures');
const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
/** The example of a user's own protocol, with its vitest suite, copied into the project as a user would write it. */
const lockServiceFiles = readdirSync(join(repo, 'examples', 'lock-service')).filter((file) => file.endsWith('.ts'));

let scratch = '';
let project = '';
let packed: readonly string[] = [];

/**
 * The environment of every command: the Node under test first on PATH (npm
 * and the bin's `#!/usr/bin/env node` then run on it), and none of the
 * `npm_*` variables that `npm test` sets, which would steer the inner npm.
 */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // VITEST* and NODE_ENV are the outer vitest's; the user's own vitest run sets its own.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|VITEST|NODE_ENV$|TEST$)/i.test(key)));
  return { ...clean, PATH: `${dirname(process.execPath)}${delimiter}${process.env['PATH'] ?? ''}`, FORCE_COLOR: '0', NO_COLOR: '1', ...extra };
}

function run(command: string, args: readonly string[], cwd: string, extraEnv: Record<string, string> = {}): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env: env(extraEnv), encoding: 'utf8', timeout: 240_000 });
  if (result.error !== undefined) throw result.error;
  return result;
}

/** Runs a command that must succeed, and says what it printed when it does not. */
function ok(command: string, args: readonly string[], cwd: string): string {
  const result = run(command, args, cwd);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const faultline = (...args: string[]) => run(join(project, 'node_modules', '.bin', 'faultline'), args, project);

/**
 * Hides tsx from the installed project while `body` runs: what must not need
 * a TypeScript loader is shown not to load one. faultline no longer depends
 * on tsx (a TypeScript scheduler is compiled by esbuild), so it is usually
 * not there at all.
 */
function withoutTsx<T>(body: () => T): T {
  const tsx = join(project, 'node_modules', 'tsx');
  if (!existsSync(tsx)) return body();
  const hidden = join(project, 'node_modules', '.tsx-hidden');
  renameSync(tsx, hidden);
  try {
    return body();
  } finally {
    renameSync(hidden, tsx);
  }
}

beforeAll(() => {
  if (!existsSync(join(repo, 'dist', 'index.js'))) throw new Error('dist/ is missing: build it with npm run build (npm test does it first)');
  scratch = mkdtempSync(join(tmpdir(), 'faultline-consumer-'));
  // --ignore-scripts: pack the build npm test just made, rather than rebuilding dist/ under tests that use it.
  const report = JSON.parse(ok('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], repo)) as { filename: string; files: { path: string }[] }[];
  const tarball = join(scratch, report[0]!.filename);
  packed = report[0]!.files.map((file) => file.path);

  project = join(scratch, 'project');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'faultline-consumer',
      version: '1.0.0',
      private: true,
      type: 'module',
      dependencies: {
        faultline: `file:${tarball}`,
        '@types/node': manifest.devDependencies['@types/node'],
        // What a user checking their own protocol from vitest has: fast-check, vitest and @fast-check/vitest.
        'fast-check': manifest.dependencies['fast-check'],
        vitest: manifest.devDependencies['vitest'],
        '@fast-check/vitest': manifest.devDependencies['@fast-check/vitest'],
      },
    }),
  );
  ok('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], project);
  for (const file of ['use-api.mjs', 'over-granting-scheduler.ts', 'typed-use.ts', 'tsconfig.json', 'tsconfig.node10.json']) copyFileSync(join(fixtures, file), join(project, file));
  copyFileSync(join(repo, 'examples', 'my-scheduler.ts'), join(project, 'my-scheduler.ts'));
  mkdirSync(join(project, 'lock-service'));
  for (const file of lockServiceFiles) copyFileSync(join(repo, 'examples', 'lock-service', file), join(project, 'lock-service', file));
}, 300_000);

afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

describe(`the packed package, installed into an empty project (Node ${process.version})`, () => {
  it('holds the compiled code, declarations and source maps, and no tests, fixtures, sources or CI scripts', () => {
    expect(packed).toEqual(expect.arrayContaining(['package.json', 'README.md', 'bin/faultline.js', 'dist/index.js', 'dist/index.d.ts', 'dist/index.js.map', 'dist/scheduler.js', 'dist/scheduler.d.ts']));
    const stray = packed.filter((path) => /\.test\.|fixtures\/|^\.ci\/|^corpus\/|^examples\/|^consumer\/|tsconfig|vitest/.test(path) || (path.endsWith('.ts') && !path.endsWith('.d.ts')));
    expect(stray).toEqual([]);
  });

  it('works from plain Node ESM, without tsx, through both entry points', () => {
    const report = JSON.parse(withoutTsx(() => ok(process.execPath, ['use-api.mjs'], project)));
    expect(report).toEqual({
      gate: { result: 'pass', runs: 5 },
      lin: 'illegal',
      scheduler: 'rejects-all',
      fits: true,
      mutants: expect.arrayContaining(['vote-twice', 'lease-ignores-drift', 'ack-before-commit']),
      properties: expect.any(Number),
      mainStatus: 'held',
      mainMutants: expect.any(Number),
    });
  });

  it('runs the bin without tsx: help, a listing, the gate on two worker threads, bad input', () => {
    withoutTsx(() => {
      const help = faultline('--help');
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/^usage: faultline <command>/);
      expect(faultline('mutants').stdout).toContain('vote-twice');
      const gate = faultline('check', '--cluster', 'single-leader', '--runs', '20', '--seed', '3', '--workers', '2', '--json');
      expect(gate.status).toBe(0);
      expect(JSON.parse(gate.stdout)).toMatchObject({ result: 'pass', runs: 20 });
      const bad = faultline('replay', 'no-such-trace.json');
      expect(bad.status).toBe(2);
      expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^faultline: file-missing: .*no-such-trace\.json/)]);
    });
    const caught = faultline('check', '--cluster', 'single-leader', '--mutant', 'ack-before-commit', '--seed', '1', '--traces-dir', 'traces-out', '--json');
    expect(caught.status).toBe(1);
    expect(JSON.parse(caught.stdout)).toMatchObject({ result: 'fail', violations: [{ property: 'no-lost-ack' }] });
  });

  it("checks a user's TypeScript scheduler that imports faultline/scheduler: the example holds, a planted over-grant is caught", () => {
    const held = faultline('check', '--scheduler', './my-scheduler.ts', '--runs', '25', '--seed', '1', '--traces-dir', 'traces-out', '--json');
    expect(held.status).toBe(0);
    // 25 generated workloads, then 25 cluster runs with the scheduler placing the jobs, inside the sandbox process.
    expect(JSON.parse(held.stdout)).toMatchObject({ result: 'pass', scheduler: 'capped-spread', runs: 50, workloads: { runs: 25 }, cluster: { result: 'pass', runs: 25 } });

    const caught = faultline('check', '--scheduler', './over-granting-scheduler.ts', '--runs', '25', '--seed', '1', '--traces-dir', 'traces-out', '--json');
    expect(caught.status).toBe(1);
    const report = JSON.parse(caught.stdout) as { result: string; violations: { property: string; trace: string }[] };
    expect(report.result).toBe('fail');
    expect(report.violations[0]).toMatchObject({ property: 'conservation' });
    expect(existsSync(resolve(project, report.violations[0]!.trace))).toBe(true);
  });

  it("checks a user's own protocol from the user's vitest suite: the example's lease lock holds, its planted bugs are caught, and their traces replay through the bin", () => {
    const suite = run(process.execPath, [join(project, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=json', '--outputFile.json=vitest.json'], project, { FAULTLINE_TRACES_DIR: 'traces-protocol' });
    const report = JSON.parse(readFileSync(join(project, 'vitest.json'), 'utf8')) as { numPassedTests: number; numFailedTests: number; testResults: { assertionResults: { title: string; status: string }[] }[] };
    expect(suite.status, suite.stdout + suite.stderr).toBe(0);
    expect(report.numFailedTests).toBe(0);
    expect(report.testResults.flatMap((file) => file.assertionResults.map((test) => test.status))).toEqual(['passed', 'passed', 'passed']);

    const traces = readdirSync(join(project, 'traces-protocol')).filter((file) => file.startsWith('lease-lock-mutual-exclusion-'));
    expect(traces).toHaveLength(2);
    for (const trace of traces) {
      const path = join('traces-protocol', trace);
      const replayed = faultline('replay', path, '--protocol', './lock-service/lock-service.ts');
      expect(replayed.status, replayed.stderr).toBe(1);
      expect(replayed.stdout).toMatch(/identical to the \d+ recorded \(step digest matches\)/);
      expect(replayed.stdout).toMatch(/VIOLATION mutual-exclusion at step \d+ .*\[same step as recorded\]/);
      expect(faultline('replay', path, '--protocol', './lock-service/lock-service.ts', '--mutant', 'none').status).toBe(0);
    }
  });

  it.each([
    { resolution: 'NodeNext', config: 'tsconfig.json', flags: [] },
    { resolution: 'Bundler', config: 'tsconfig.json', flags: ['--module', 'preserve', '--moduleResolution', 'bundler'] },
    // fast-check's own declarations need node16 or bundler resolution, so under node10 only the user's code and ours are checked;
    // and the lock service's suite is left out there (tsconfig.node10.json): it is an ES module using import.meta and
    // @fast-check/vitest, whose declarations node10 resolution cannot find, as a CommonJS project could not run it either.
    { resolution: 'Node10', config: 'tsconfig.node10.json', flags: ['--module', 'commonjs', '--moduleResolution', 'node10', '--skipLibCheck'] },
  ])("type-checks a user's TypeScript against the shipped declarations under strict, noPropertyAccessFromIndexSignature and exactOptionalPropertyTypes ($resolution resolution)", ({ config, flags }) => {
    const checked = run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', config, ...flags], project);
    expect(checked.stdout + checked.stderr).toBe('');
    expect(checked.status).toBe(0);
  });

  it('reports a type error in user code against the shipped declarations, so the check above can fail', () => {
    writeFileSync(join(project, 'wrong.ts'), "import { defineScheduler } from 'faultline/scheduler';\nexport default defineScheduler({ name: 'x', place: () => [{ kind: 'place', requestId: 'r' }] });\n");
    try {
      const checked = run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--skipLibCheck'], project);
      expect(checked.status).not.toBe(0);
      expect(checked.stdout).toMatch(/wrong\.ts\(2,\d+\): error TS2322/);
    } finally {
      rmSync(join(project, 'wrong.ts'));
    }
  });
});
