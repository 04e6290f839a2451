import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { checkOutputFolder } from '../traces/write-new-file.js';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRegisterHistory } from '../properties/lin/generate-register-history.js';
import { EXIT, type CliIo } from './cli-io.js';
import { median } from './median.js';

export interface GeneratedBenchOptions {
  readonly sizes: readonly number[];
  readonly seed: number;
  readonly runs: number;
  readonly timeoutMs: number;
  readonly maxMemoryMB: number;
  /** Where the histories are written (kept, so that other checkers can be timed on the same files); a new temporary folder when absent. */
  readonly out: string | undefined;
  readonly json: boolean;
}

interface GeneratedBenchRow {
  readonly file: string;
  readonly operations: number;
  readonly open: number;
  readonly expected: 'ok' | 'illegal';
  readonly verdict: string;
  /** Median over the runs of reading plus checking, and of checking alone. */
  readonly medianMs: number;
  readonly medianCheckMs: number | null;
  /** The largest peak resident set over the runs, for the whole process. */
  readonly peakMemoryMB: number;
}

/** The `faultline` executable of this checkout or package: beside `cli/` in the sources, two folders up from `dist/cli/` once compiled. */
function findBin(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 4; up++) {
    const bin = join(dir, 'bin', 'faultline.js');
    if (existsSync(bin)) return bin;
    dir = dirname(dir);
  }
  throw new Error('cannot find bin/faultline.js above the bench module');
}

/**
 * `faultline bench lin --generate`: writes register histories of Jepsen's
 * etcd shape (`generateRegisterHistory`: 10 clients, values 0-4, one write
 * or cas in 40 timed out and left open) of each size, legal and with one
 * read corrupted, and times `faultline lin FILE --json` on each in its own
 * process, so that the peak memory reported is that check's alone. Exits 1
 * when a verdict differs from the one the history was built to have, 3 when
 * a check ran out of time or memory.
 */
export function benchLinGenerated(options: GeneratedBenchOptions, io: CliIo): number {
  if (options.out !== undefined) checkOutputFolder(options.out);
  const dir = options.out ?? mkdtempSync(join(tmpdir(), 'faultline-bench-lin-'));
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  if (!options.json) io.stdout(`bench lin --generate: seed ${options.seed}, median of ${options.runs} run(s), each in its own process; histories in ${dir}\n`);
  const rows: GeneratedBenchRow[] = [];
  for (const size of options.sizes) {
    for (const corruptRead of [false, true]) {
      const history = generateRegisterHistory({ operations: size, seed: options.seed, corruptRead });
      const file = join(dir, `register-${size}-${corruptRead ? 'corrupt' : 'legal'}-seed${options.seed}.log`);
      writeFileSync(file, `${history.lines.join('\n')}\n`);
      const reports = Array.from({ length: options.runs }, () => runLin(file, options));
      const row: GeneratedBenchRow = {
        file,
        operations: history.operations,
        open: history.open,
        expected: history.expected,
        verdict: reports[0]?.verdict ?? 'unknown',
        medianMs: median(reports.map((report) => report.ms)),
        medianCheckMs: reports.every((report) => report.checkMs !== undefined) ? median(reports.map((report) => report.checkMs ?? 0)) : null,
        peakMemoryMB: Math.max(...reports.map((report) => report.peakMemoryMB)),
      };
      rows.push(row);
      if (!options.json) {
        const check = row.medianCheckMs === null ? '' : ` (check ${row.medianCheckMs} ms)`;
        const mark = row.verdict === row.expected ? '' : `  <- expected ${row.expected}`;
        io.stdout(`  ${String(size).padStart(7)} ops, ${corruptRead ? 'one read corrupted' : 'legal             '}, ${String(row.open).padStart(5)} open: ${row.verdict.padEnd(7)} ${row.medianMs} ms${check}, peak ${row.peakMemoryMB} MB${mark}\n`);
      }
    }
  }
  if (options.json) io.stdout(`${JSON.stringify({ bench: 'lin-generated', seed: options.seed, runs: options.runs, dir, files: rows })}\n`);
  if (rows.some((row) => row.verdict !== row.expected && row.verdict !== 'unknown')) return EXIT.violated;
  return rows.some((row) => row.verdict === 'unknown') ? EXIT.inconclusive : EXIT.held;
}

interface LinReport {
  readonly verdict: string;
  readonly ms: number;
  readonly checkMs?: number;
  readonly peakMemoryMB: number;
}

/** Runs `faultline lin FILE --json` in a new process and reads its one-line report. */
function runLin(file: string, options: GeneratedBenchOptions): LinReport {
  const args = [findBin(), 'lin', file, '--json', '--timeout-ms', String(options.timeoutMs), '--max-memory', String(options.maxMemoryMB)];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status !== EXIT.held && child.status !== EXIT.violated && child.status !== EXIT.inconclusive) {
    throw new Error(`faultline lin failed on the generated history ${file} (exit ${child.status ?? child.signal}): ${(child.stderr ?? '').trim().split('\n')[0] ?? ''}`);
  }
  return JSON.parse(child.stdout) as LinReport;
}

