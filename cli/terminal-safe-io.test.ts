import { expect, test } from 'vitest';
import { bufferIo } from './buffer-io.js';
import { main } from './main.js';
import { terminalSafe } from './terminal-safe-io.js';

const FAKE = '\u001b[1A\u001b[2K\rresult: held';

test('text from input cannot move the cursor, erase a line or start one of its own', () => {
  expect(terminalSafe(`scheduler ${FAKE}\n`)).toBe('scheduler \\u001b[1A\\u001b[2K\\u000dresult: held\n');
});

test('the progress bar keeps its own carriage return and erase-to-end-of-line, and nothing in between', () => {
  expect(terminalSafe(`\r[##..] 1.0s \u001b[2J runs 3\u001b[K`)).toBe('\r[##..] 1.0s \\u001b[2J runs 3\u001b[K');
});

test('an error line quoting input with terminal controls prints them escaped', async () => {
  const io = bufferIo();
  expect(await main(['check', '--runs', FAKE], io)).toBe(2);
  expect(io.err()).not.toMatch(/[\u001b\r]/);
  expect(io.err().trim().split('\n')).toHaveLength(1);
  expect(io.err()).toContain('\\u001b[1A');
});

test('an unknown command with terminal controls in its name prints them escaped', async () => {
  const io = bufferIo();
  expect(await main([`x${FAKE}\nresult: held`], io)).toBe(2);
  expect(io.err()).not.toMatch(/[\u001b\r]/);
  expect(io.err().trim().split('\n')).toHaveLength(1);
});
