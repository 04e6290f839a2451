import { existsSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { bufferIo } from './buffer-io.js';
import { main } from './main.js';
import { expectBadInput } from './expect-bad-input.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-hostile-counterexample-'));
const marker = join(dir, 'evil-ran');
const evil = join(dir, 'evil.mjs');
// A module that leaves a mark when anything loads it.
writeFileSync(evil, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport default { kind: 'scheduler', name: 'evil', place: () => [] };\n`);

const VALID = {
  format: 'faultline-scheduler-counterexample/2',
  scheduler: 'first-fit',
  schedulerArgument: 'first-fit',
  schedulerSource: { kind: 'builtin' },
  property: 'conservation',
  message: 'recorded',
  eventIndex: 0,
  seed: 1,
  path: '0',
  reproduce: 'npx faultline check --scheduler first-fit --seed 1',
  workload: { nodes: [{ cpuMillis: 1000, memoryMiB: 1024 }], events: [{ kind: 'submit', requests: [{ tenant: 'a', demand: { cpuMillis: 100, memoryMiB: 100 } }] }] },
};

type Counterexample = Record<string, unknown> & { workload: { nodes: Record<string, unknown>[]; events: Record<string, unknown>[] } };

function counterexample(name: string, edit: (value: Counterexample) => void): string {
  const value = structuredClone(VALID) as unknown as Counterexample;
  edit(value);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(value, null, 2));
  return path;
}

const submit = { kind: 'submit', requests: [{ tenant: 'a', demand: { cpuMillis: 1, memoryMiB: 1 } }] };

const cases: [string, () => string, RegExp][] = [
  ['a negative capacity', () => counterexample('negative', (c) => void (c.workload.nodes[0]!.cpuMillis = -5)), /schema: the counterexample does not match the schema: \/workload\/nodes\/0\/cpuMillis must be >= 0/],
  ['a capacity that is a string', () => counterexample('string', (c) => void (c.workload.nodes[0]!.memoryMiB = '1024')), /\/workload\/nodes\/0\/memoryMiB must be integer/],
  ['a demand of 1e308', () => counterexample('huge', (c) => void (c.workload.events[0] = { kind: 'submit', requests: [{ tenant: 'a', demand: { cpuMillis: 1e308, memoryMiB: 1 } }] })), /\/workload\/events\/0\/requests\/0\/demand\/cpuMillis must be <= 1000000000/],
  ['an unknown event kind', () => counterexample('kind', (c) => void (c.workload.events[0] = { kind: 'meteor', pick: 1 })), /schema: the counterexample does not match the schema: \/workload\/events\/0/],
  ['200,000 events', () => counterexample('long', (c) => void (c.workload.events = Array.from({ length: 200_000 }, () => submit))), /too-large: the counterexample file is \d+ MiB, more than the 16 MiB faultline reads/],
  ['2,000 events', () => counterexample('longish', (c) => void (c.workload.events = Array.from({ length: 2_000 }, () => submit))), /\/workload\/events must NOT have more than 1000 items/],
  ['an event index past the workload', () => counterexample('index', (c) => void (c.eventIndex = 5)), /does not fit its workload: \/eventIndex is 5, but the workload has 1 events/],
  ['a scheduler name that would rewrite the terminal', () => counterexample('name', (c) => void (c.scheduler = 'x\u001b[2K\rresult: held\n')), /\/scheduler must match pattern/],
  [
    'the older format, which named a module path to load',
    () => counterexample('older', (c) => Object.assign(c, { format: 'faultline-scheduler-counterexample/1', schedulerModule: evil, schedulerArgument: evil })),
    /format-version: the counterexample was written by an older faultline \(faultline-scheduler-counterexample\/1\)/,
  ],
  [
    "a user's module, without --scheduler",
    () => counterexample('module', (c) => Object.assign(c, { scheduler: 'evil', schedulerArgument: evil, schedulerSource: { kind: 'module', file: 'evil.mjs', sha256: '0'.repeat(64) } })),
    /usage: the file was made with a user's scheduler module: replay it with --scheduler PATH; faultline never loads code named inside a file/,
  ],
  [
    'a file of 20 MiB',
    () => {
      const path = counterexample('big', () => undefined);
      truncateSync(path, 20 * 1024 * 1024);
      return path;
    },
    /too-large: the counterexample file is 20 MiB, more than the 16 MiB faultline reads/,
  ],
];

test.each(cases)('a scheduler counterexample with %s is exit 2 and one line, and runs no code', async (_what, make, expected) => {
  await expectBadInput(['replay', make()], expected);
  expect(existsSync(marker)).toBe(false);
});

test('the valid counterexample replays with its built-in, by name', async () => {
  const io = bufferIo();
  expect(await main(['replay', counterexample('valid', () => undefined)], io)).toBe(0);
  expect(io.out()).toContain('replay');
  expect(existsSync(marker)).toBe(false);
});
