import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { FaultlineError } from '../model/faultline-error.js';
import { compareClusters, type Comparison } from '../properties/compare/compare-clusters.js';
import { casesOf, comparisonNotes } from '../properties/compare/comparison-notes.js';
import { comparisonRows } from '../properties/compare/comparison-rows.js';
import { renderCompareHtml } from '../properties/compare/render-compare-html.js';
import { checkOutputFolder, writeNewFileAtomic } from '../traces/write-new-file.js';
import { alignedTable } from './aligned-table.js';
import { EXIT, type CliIo } from './cli-io.js';
import { intOption, parseOptions } from './parse-options.js';

// The defaults are stated in the command's usage in cli/main.ts as well.
const DEFAULT_CASES = 200;
const DEFAULT_SEED = 1;
const DEFAULT_NODE_COUNT = 5;

/** `faultline compare`: single-leader against leaderless, on the same cases. */
export async function compareCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(
    'compare',
    args,
    { runs: { type: 'string' }, seed: { type: 'string' }, 'node-count': { type: 'string' }, json: { type: 'boolean' }, html: { type: 'string' } } as const,
    { min: 0, max: 0, name: 'argument' },
  );
  const cases = intOption('runs', values.runs, DEFAULT_CASES, 1, 100_000);
  const seed = intOption('seed', values.seed, DEFAULT_SEED, -0x80000000, 0x7fffffff);
  const nodeCount = intOption('node-count', values['node-count'], DEFAULT_NODE_COUNT, 3, 9);
  const html = values.html;
  // A page that could not be written is refused before the runs, not after them.
  if (html !== undefined) {
    if (existsSync(html)) throw new FaultlineError('trace-exists', 'refusing to overwrite an existing file', { path: html });
    checkOutputFolder(dirname(html), 'the page');
  }
  const started = performance.now();
  let lastLineMs = started;
  const comparison = compareClusters({
    seed,
    cases,
    nodeCount,
    onProgress: (done, total) => {
      const now = performance.now();
      if (io.isTTY) io.stderr(`\rcompare: case ${done}/${total}\x1b[K${done === total ? '\n' : ''}`);
      else if (now - lastLineMs >= 5_000 && done < total) {
        lastLineMs = now;
        io.stderr(`progress: ${done}/${total} cases in ${((now - started) / 1000).toFixed(1)}s\n`);
      }
    },
  });
  const durationMs = Math.round(performance.now() - started);
  if (html !== undefined) writeNewFileAtomic(html, renderCompareHtml(comparison));
  const broken = comparison.clusters.filter((figures) => figures.violations.runs > 0);
  for (const figures of broken) {
    io.stderr(`faultline compare: warning: ${figures.violations.runs} ${figures.cluster} runs broke ${figures.violations.properties.join(', ')}; faultline check --cluster ${figures.cluster} --seed ${seed} finds and shrinks such runs\n`);
  }
  if (values.json === true) {
    io.stdout(`${JSON.stringify({ ...comparisonJson(comparison), durationMs, ...(html === undefined ? {} : { html }) })}\n`);
    return EXIT.held;
  }
  io.stdout(comparisonText(comparison, durationMs));
  if (html !== undefined) io.stdout(`page: ${html}\n`);
  return EXIT.held;
}

/** The JSON object `--json` prints (README documents each field). */
export function comparisonJson(comparison: Comparison): Record<string, unknown> {
  const { method, clusters, buckets, series } = comparison;
  return { result: 'compared', ...method, clusters, buckets, series };
}

function comparisonText(comparison: Comparison, durationMs: number): string {
  const names = comparison.clusters.map((figures) => figures.cluster);
  const rows = comparisonRows(comparison).map((row) => [`${row.indent ? '  ' : ''}${row.label}`, ...row.cells]);
  const runs = comparison.clusters.reduce((sum, figures) => sum + figures.runs, 0);
  const notes = comparisonNotes(comparison).map((note) => wrap(note, 78).map((line, index) => `${index === 0 ? '- ' : '  '}${line}`).join('\n'));
  return [
    `faultline compare: seed ${comparison.method.seed}, ${casesOf(comparison.method.cases)}, ${runs} run${runs === 1 ? '' : 's'} of ${names.join(' and ')} in ${(durationMs / 1000).toFixed(1)}s`,
    '',
    ...alignedTable(['figure', ...names], rows, 1),
    '',
    ...notes,
    '',
  ].join('\n');
}

/** Breaks a sentence into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line.length === 0 ? word : `${line} ${word}`;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}
