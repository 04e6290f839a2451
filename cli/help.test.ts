import { expect, test } from 'vitest';
import { bufferIo } from './buffer-io.js';
import { main } from './main.js';

const COMMANDS = ['check', 'replay', 'lin', 'mutants', 'schedulers', 'bench'];

test.each(COMMANDS)('faultline %s --help prints the command\'s usage on stdout and exits 0', async (command) => {
  for (const help of ['--help', '-h']) {
    const io = bufferIo();
    expect(await main([command, help], io)).toBe(0);
    expect(io.out()).toMatch(new RegExp(`^usage: faultline ${command} `));
    expect(io.out()).toMatch(/Exit status: 0 /);
    expect(io.err()).toBe('');
  }
});

test('--help wins over other arguments, even bad ones, and runs nothing', async () => {
  const io = bufferIo();
  expect(await main(['check', '--mutant', 'gremlin', '--help'], io)).toBe(0);
  expect(io.out()).toMatch(/^usage: faultline check /);
});

test('faultline help COMMAND is the same as faultline COMMAND --help', async () => {
  const io = bufferIo();
  expect(await main(['help', 'lin'], io)).toBe(0);
  expect(io.out()).toMatch(/^usage: faultline lin HISTORY/);
});

test('faultline with no arguments prints the overview on stderr and exits 2', async () => {
  const io = bufferIo();
  expect(await main([], io)).toBe(2);
  expect(io.out()).toBe('');
  expect(io.err()).toMatch(/^usage: faultline <command> \[options\]/);
});

test('a negative seed is a seed: --seed -1 runs with seed -1', async () => {
  const io = bufferIo();
  const code = await main(['check', '--cluster', 'single-leader', '--seed', '-1', '--runs', '2', '--json'], io);
  expect([0, 3]).toContain(code);
  expect(JSON.parse(io.out())).toMatchObject({ seed: -1, runs: 2 });
});
