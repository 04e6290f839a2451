import { expect } from 'vitest';
import { bufferIo } from './buffer-io.js';
import { main } from './main.js';

/**
 * Runs the CLI in-process and checks the bad-input contract: exit 2, one
 * line on stderr matching `expected`, no stack trace, no control character,
 * and nothing on stdout (bad input is found before anything is printed).
 */
export async function expectBadInput(argv: string[], expected: RegExp): Promise<void> {
  const io = bufferIo();
  const code = await main(argv, io);
  expect(io.err()).toMatch(expected);
  expect(code).toBe(2);
  expect(io.err().trim().split('\n')).toHaveLength(1);
  expect(io.err()).not.toMatch(/\n\s+at /);
  expect(io.err()).not.toMatch(/[\u001b\r]/);
  expect(io.out()).toBe('');
}
