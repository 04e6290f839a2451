import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bindLinModel, inferLinModel } from './lin-models.js';
import { readHistoryFile } from './read-history-file.js';

// Porcupine's own test histories, vendored with their license in corpus/porcupine/.
const projectRoot = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const corpus = resolve(projectRoot, 'corpus', 'porcupine');
const expectations = readFileSync(resolve(corpus, 'EXPECTED.tsv'), 'utf8')
  .split('\n')
  .slice(1)
  .filter((row) => row.trim() !== '')
  .map((row) => {
    const [file = '', verdict = ''] = row.split('\t');
    return { file, verdict: verdict === 'Illegal' ? ('illegal' as const) : ('ok' as const) };
  });

describe('the Porcupine corpus', () => {
  it('lists all 109 files', () => {
    expect(expectations).toHaveLength(109);
  });

  it.each(expectations)('$file is $verdict', ({ file, verdict }) => {
    const history = readHistoryFile(resolve(corpus, file), 'auto');
    const model = inferLinModel(history);
    expect(model).toBe(file.startsWith('kv/') ? 'kv' : 'register');
    expect(bindLinModel(history, model ?? 'register').check({ timeoutMs: 30_000 }).kind).toBe(verdict);
  });
});
