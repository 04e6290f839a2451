import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readHistoryFile } from './read-history-file.js';

const fixtures = resolve(fileURLToPath(import.meta.url), '..', 'fixtures');

describe('readHistoryFile', () => {
  it('detects each fixture format', () => {
    expect(readHistoryFile(join(fixtures, 'etcd-ok.log'), 'auto').format).toBe('porcupine-etcd');
    expect(readHistoryFile(join(fixtures, 'kv-ok.txt'), 'auto').format).toBe('porcupine-kv');
    expect(readHistoryFile(join(fixtures, 'register-ok.edn'), 'auto').format).toBe('jepsen-edn');
    expect(readHistoryFile(join(fixtures, 'ledger-ok.json'), 'auto').format).toBe('faultline');
  });

  it('uses the format it is told to, and fails on the first line that does not fit it', () => {
    expect(() => readHistoryFile(join(fixtures, 'register-bad.edn'), 'porcupine-etcd')).toThrow(expect.objectContaining({ code: 'parse', details: expect.objectContaining({ line: 1 }) }));
  });

  it('names a missing file', () => {
    const missing = join(tmpdir(), 'faultline-no-such-history.edn');
    expect(() => readHistoryFile(missing, 'auto')).toThrow(expect.objectContaining({ code: 'file-missing', details: { file: missing } }));
  });

  it('names a folder given as a history', () => {
    const folder = mkdtempSync(join(tmpdir(), 'faultline-lin-'));
    writeFileSync(join(folder, 'x.edn'), '');
    expect(() => readHistoryFile(folder, 'auto')).toThrow(expect.objectContaining({ code: 'file-unreadable' }));
  });
});
