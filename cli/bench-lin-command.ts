import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FaultlineError } from '../model/faultline-error.js';
import { bindLinModel, inferLinModel, type LinModelName } from '../properties/lin/lin-models.js';
import { readHistoryFile } from '../properties/lin/read-history-file.js';
import { DEFAULT_MAX_MEMORY_MB } from '../properties/lin/lin-budget.js';
import { benchLinGenerated } from './bench-lin-generated.js';
import { EXIT, type CliIo } from './cli-io.js';
import { median } from './median.js';
import { intOption, parseOptions } from './parse-options.js';

const OPTIONS = {
  corpus: { type: 'string' },
  generate: { type: 'boolean' },
  sizes: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  runs: { type: 'string' },
  'timeout-ms': { type: 'string' },
  'max-memory': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** The sizes of the generated histories: the issue's 2k, 10k, 50k and 100k operations. */
const GENERATED_SIZES = [2_000, 10_000, 50_000, 100_000];

interface BenchFile {
  readonly file: string;
  readonly model: LinModelName;
  readonly operations: number;
  readonly verdict: 'ok' | 'illegal' | 'unknown';
  readonly expected: 'ok' | 'illegal' | null;
  readonly medianMs: number;
}

interface CorpusEntry {
  readonly path: string;
  readonly name: string;
  readonly expected: 'ok' | 'illegal' | null;
}

/**
 * Lists the corpus: the files named in `EXPECTED.tsv` (in DIR or in
 * DIR/porcupine) with their expected verdicts, or else every history file
 * found under DIR.
 */
function listCorpus(dir: string): CorpusEntry[] {
  const root = [dir, join(dir, 'porcupine')].find((candidate) => existsSync(join(candidate, 'EXPECTED.tsv')));
  if (root !== undefined) {
    const rows = readFileSync(join(root, 'EXPECTED.tsv'), 'utf8').split('\n').slice(1).filter((row) => row.trim() !== '');
    return rows.map((row) => {
      const [name = '', verdict = ''] = row.split('\t');
      const expected = verdict === 'Illegal' ? 'illegal' : verdict === 'Ok' || verdict === '-' ? 'ok' : null;
      return { path: join(root, name), name, expected };
    });
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new FaultlineError('file-missing', 'no such corpus folder', { file: dir });
  const found: CorpusEntry[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(log|txt|edn|json)$/.test(entry.name)) found.push({ path, name: relative(dir, path), expected: null });
    }
  };
  walk(dir);
  return found;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/**
 * `faultline bench lin --corpus DIR [--runs N] [--timeout-ms N] [--json]`:
 * checks every corpus file in this process, parsing excluded, and reports
 * each file's median check time over N runs (5 by default) with totals for
 * the etcd register set and the key-value set (split by key). Exits 1 when a
 * verdict differs from the corpus's expected one, 3 when the folder holds no
 * history (nothing to check).
 *
 * `faultline bench lin --generate [--sizes N,...] [--seed N] [--out DIR]
 * [--runs N] [--timeout-ms N] [--max-memory MB] [--json]`: long register
 * histories instead (see `benchLinGenerated`), 3 runs each by default.
 */
export async function benchLinCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('bench lin', args, OPTIONS, { min: 0, max: 0, name: '' });
  const timeoutMs = intOption('timeout-ms', values['timeout-ms'], 60_000, 1);
  if (values.generate) {
    if (values.corpus !== undefined) throw new FaultlineError('usage', 'bench lin: --generate and --corpus cannot go together');
    return benchLinGenerated(
      {
        sizes: values.sizes === undefined ? GENERATED_SIZES : values.sizes.split(',').map((size) => intOption('sizes', size, 0, 10, 10_000_000)),
        seed: intOption('seed', values.seed, 1, 0, 2 ** 31 - 1),
        runs: intOption('runs', values.runs, 3, 1, 101),
        timeoutMs,
        maxMemoryMB: intOption('max-memory', values['max-memory'], DEFAULT_MAX_MEMORY_MB, 1),
        out: values.out,
        json: values.json === true,
      },
      io,
    );
  }
  if (values.corpus === undefined) throw new FaultlineError('usage', 'bench lin: missing --corpus DIR (or --generate)');
  for (const name of ['sizes', 'seed', 'out', 'max-memory'] as const) {
    if (values[name] !== undefined) throw new FaultlineError('usage', `bench lin: --${name} goes with --generate`);
  }
  const runs = intOption('runs', values.runs, 5, 1, 101);
  const corpus = listCorpus(values.corpus);
  if (corpus.length === 0) {
    io.stdout(`bench lin: nothing to check: no history files (.log, .txt, .edn, .json) under ${values.corpus}\n`);
    return EXIT.inconclusive;
  }
  const files: BenchFile[] = [];
  for (const entry of corpus) {
    const history = readHistoryFile(entry.path, 'auto');
    const model = inferLinModel(history) ?? 'register';
    const bound = bindLinModel(history, model);
    const times: number[] = [];
    let verdict: BenchFile['verdict'] = 'unknown';
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      verdict = bound.check({ timeoutMs }).kind;
      times.push(performance.now() - started);
    }
    files.push({ file: entry.name, model, operations: bound.operations.length, verdict, expected: entry.expected, medianMs: round(median(times)) });
  }
  const total = (subset: BenchFile[]) => ({
    files: subset.length,
    operations: subset.reduce((sum, file) => sum + file.operations, 0),
    medianMsSum: round(subset.reduce((sum, file) => sum + file.medianMs, 0)),
    mismatches: subset.filter((file) => file.expected !== null && file.expected !== file.verdict).length,
  });
  const totals = {
    etcd: total(files.filter((file) => file.model === 'register')),
    kv: total(files.filter((file) => file.model === 'kv')),
    all: total(files),
  };
  if (values.json) {
    io.stdout(`${JSON.stringify({ runs, files, totals })}\n`);
  } else {
    const slowest = [...files].sort((a, b) => b.medianMs - a.medianMs).slice(0, 5);
    io.stdout(
      [
        `bench lin: ${files.length} files, median of ${runs} runs each, check time only`,
        `  etcd register: ${totals.etcd.files} files, ${totals.etcd.medianMsSum} ms total, ${totals.etcd.mismatches} verdict mismatches`,
        `  kv (by key):   ${totals.kv.files} files, ${totals.kv.medianMsSum} ms total, ${totals.kv.mismatches} verdict mismatches`,
        `  slowest: ${slowest.map((file) => `${file.file} ${file.medianMs} ms`).join(', ')}`,
        ...files.filter((file) => file.expected !== null && file.expected !== file.verdict).map((file) => `  MISMATCH ${file.file}: ${file.verdict}, expected ${file.expected}`),
        '',
      ].join('\n'),
    );
  }
  return totals.all.mismatches > 0 ? EXIT.violated : EXIT.held;
}
