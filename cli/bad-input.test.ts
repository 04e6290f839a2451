import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { expectBadInput } from './expect-bad-input.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-bad-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const cases: [string, string[], RegExp][] = [
  ['a missing trace file', ['replay', join(dir, 'nope.json')], /file-missing: no such trace file \(file=.*nope\.json\)/],
  ['a trace that is not JSON', ['replay', file('broken.json', '{"formatVersion":')], /not-json: .*broken\.json/],
  ['a trace that fails the schema', ['replay', file('schema.json', JSON.stringify({ formatVersion: 2, seed: 1 }))], /schema: the trace does not match the schema: .*schema\.json/],
  ['a trace of another formatVersion', ['replay', file('v9.json', JSON.stringify({ formatVersion: 9 }))], /format-version: trace formatVersion 9 is not supported/],
  ['an unknown mutant for check', ['check', '--mutant', 'gremlin'], /unknown-mutant: unknown mutant "gremlin"/],
  ['an unknown mutant for replay', ['replay', join(dir, 'x.json'), '--mutant', 'gremlin'], /unknown-mutant/],
  ['an unknown option', ['check', '--frobnicate'], /usage: check: Unknown option '--frobnicate'/],
  ['an option without its value', ['check', '--runs'], /usage: check: Option '--runs <value>' argument missing/],
  ['a bad number', ['check', '--runs', 'many'], /usage: --runs takes a whole number \(got=many\)/],
  ['an unknown cluster', ['check', '--cluster', 'ring'], /usage: --cluster must be one of single-leader\|leaderless\|all/],
  ['an unknown command', ['frobnicate'], /usage: unknown command "frobnicate"/],
  ['replay without a trace', ['replay'], /usage: replay: missing trace file/],
  ['a negative run count', ['check', '--runs', '-5'], /usage: --runs must be between 1 and \d+ \(got=-5\)/],
  ['an option whose value is missing before another option', ['check', '--seed', '--json'], /usage: check: --seed needs a value; one that starts with a dash is written --seed=VALUE/],
  ['a mutant of another cluster', ['check', '--cluster', 'leaderless', '--mutant', 'vote-twice'], /usage: mutant vote-twice belongs to the single-leader cluster/],
  ['--scheduler with --mutant', ['check', '--scheduler', 'first-fit', '--mutant', 'vote-twice'], /usage: check: --mutant does not apply to a scheduler check/],
  ['--scheduler with --workers', ['check', '--scheduler', 'first-fit', '--workers', '2'], /usage: check: --workers does not apply to a scheduler check/],
  ['--scheduler with --cluster', ['check', '--scheduler', 'first-fit', '--cluster', 'single-leader'], /usage: check: --cluster does not apply to a scheduler check/],
  ['--nodes with a model that has no nodes', ['lin', 'corpus/porcupine/jepsen/etcd_000.log', '--model', 'register', '--nodes', 'n1=1000m/1024Mi'], /usage: lin: --nodes applies to the ledger models, not to model register/],
  ['--seed for the plain scheduler listing', ['schedulers', '--seed', '3'], /usage: schedulers: --seed applies to --compare/],
  ['--workloads for a trace replay', ['schedulers', '--nodes', 'n.csv', '--pods', 'p.csv', '--workloads', '3'], /usage: schedulers: --workloads sets how many generated workloads --compare runs/],
  [
    'a scheduler file with a syntax error',
    ['check', '--scheduler', file('broken-scheduler.ts', "import { defineScheduler } from 'faultline/scheduler';\nexport default defineScheduler({ name: 'x', place: () => [ });\n")],
    /parse: the scheduler module does not compile: .* \(file=.*broken-scheduler\.ts line=2 column=\d+\)/,
  ],
  ['a scheduler importing a file that is not there', ['check', '--scheduler', file('lonely-scheduler.ts', "import helper from './helper.js';\nexport default helper;\n")], /parse: the scheduler module does not compile: Could not resolve "\.\/helper\.js" \(file=.*lonely-scheduler\.ts line=1 column=\d+\)/],
  ['a scheduler module that calls process.exit when it loads', ['check', '--scheduler', file('exiting-scheduler.mjs', 'process.exit(0);\n')], /not-pure: while loading, the scheduler module tried to use process\.exit/],
  ['a scheduler module that exports no scheduler', ['check', '--scheduler', file('empty-scheduler.mjs', 'export const x = 1;\n')], /unknown-scheduler: the module has no default export made with defineScheduler/],
  ['a traces folder that is a file', ['check', '--cluster', 'single-leader', '--mutant', 'vote-twice', '--seed', '3', '--traces-dir', file('not-a-folder', 'x')], /write-failed: cannot write traces to .*not-a-folder.*: it is a file, not a folder/],
];

test.each(cases)('%s gives exit 2 and one line naming the problem', async (_name, argv, expected) => {
  await expectBadInput(argv, expected);
});
