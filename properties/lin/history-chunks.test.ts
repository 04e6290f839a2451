import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkLines, historyChunks, LinBudgetExceeded } from './history-chunks.js';
import { LinBudget } from './lin-budget.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-chunks-'));
const file = (name: string, bytes: Uint8Array | string) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const text = (path: string) => [...historyChunks(path)].join('');

describe('historyChunks', () => {
  it('reads a file in chunks, dropping a byte order mark and keeping characters cut at a chunk boundary whole', () => {
    const wide = '€'.repeat(50_000);
    expect(text(file('wide.txt', `\ufeff${wide}\n`))).toBe(`${wide}\n`);
  });

  it('names the line of invalid UTF-8, however deep into the file', () => {
    const lines = 'a line of history\n'.repeat(10_000);
    const bytes = Buffer.concat([Buffer.from(lines), Buffer.from([0x61, 0xc3, 0x28]), Buffer.from('\nmore\n')]);
    expect(() => text(file('bad.txt', bytes))).toThrow(expect.objectContaining({ code: 'parse', message: 'the history is not valid UTF-8', details: { file: join(dir, 'bad.txt'), line: 10_001 } }));
    // An overlong encoding of "/" and a sequence cut off by the end of the file.
    expect(() => text(file('overlong.txt', Buffer.from([0x0a, 0xc0, 0xaf])))).toThrow(expect.objectContaining({ details: expect.objectContaining({ line: 2 }) }));
    expect(() => text(file('cut.txt', Buffer.from([0x61, 0x0a, 0x0a, 0xe2, 0x82])))).toThrow(expect.objectContaining({ details: expect.objectContaining({ line: 3 }) }));
  });

  it('stops with the budget\'s reason once it is spent', () => {
    const path = file('long.txt', 'x\n'.repeat(100_000));
    const spent = new LinBudget({ timeoutMs: 0, startedAt: performance.now() - 1 });
    expect(() => [...historyChunks(path, spent)]).toThrow(LinBudgetExceeded);
    expect(() => [...historyChunks(path, new LinBudget({ maxMemoryMB: 1 }))]).toThrow(expect.objectContaining({ reason: 'memory' }));
  });
});

describe('chunkLines', () => {
  it('gives each line its number, however the chunks cut them', () => {
    expect([...chunkLines(['a\r\nb', 'c\n\nd'], 'f')]).toEqual([['a', 1], ['bc', 2], ['', 3], ['d', 4]]);
  });

  it('refuses a line longer than its limit, naming it', () => {
    expect(() => [...chunkLines(['ok\n', 'x'.repeat(50), 'x'.repeat(60)], 'f', 100)]).toThrow(expect.objectContaining({ code: 'parse', details: { file: 'f', line: 2 } }));
  });
});
