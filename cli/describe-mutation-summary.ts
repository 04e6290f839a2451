import { mutationScore, type GroupScore, type MutationSummary } from '../properties/mutation/mutation-summary.js';
import { alignedTable } from './aligned-table.js';

function percent(value: number | null): string {
  return value === null ? '-' : `${(100 * value).toFixed(1)}%`;
}

function scoreRow(score: GroupScore): string[] {
  const counted = score.killed + score.timedOut + score.survived + score.noCoverage - score.equivalent;
  return [
    score.group,
    `${score.killed + score.timedOut}/${counted}`,
    percent(mutationScore(score)),
    String(score.killed),
    String(score.timedOut),
    String(score.survived),
    String(score.noCoverage),
    String(score.equivalent),
    String(score.ignored),
    String(score.errors),
  ];
}

/** The summary as people read it: a table per folder, the medians, then every survivor nobody has explained. */
export function describeMutationSummary(summary: MutationSummary, equivalentsFile: string): string[] {
  const header = ['folder', 'killed/counted', 'score', 'killed', 'timeout', 'survived', 'no coverage', 'equivalent', 'ignored', 'errors'];
  const lines = alignedTable(header, [...summary.groups.map(scoreRow), scoreRow(summary.total)], 1);
  lines.push('', `median time to kill: ${summary.medianKillMs === null ? '-' : `${(summary.medianKillMs / 1000).toFixed(2)} s`}; median runs to kill: ${summary.medianKillRuns ?? '-'}`);
  if (summary.unexplained.length > 0) {
    lines.push('', `${summary.unexplained.length} survivor(s) neither killed nor argued equivalent in ${equivalentsFile}:`);
    for (const mutant of summary.unexplained) {
      lines.push(`  | ${mutant.file} | ${mutant.location.start.line}:${mutant.location.start.column} | ${mutant.mutatorName} | \`${(mutant.replacement ?? '').replace(/\s+/g, ' ').replace(/\|/g, '\\|')}\` | ${mutant.status} |`);
    }
  }
  if (summary.stale.length > 0) {
    lines.push('', `${summary.stale.length} entr${summary.stale.length === 1 ? 'y' : 'ies'} of ${equivalentsFile} match no survivor (killed now, or the code moved):`);
    for (const entry of summary.stale) lines.push(`  line ${entry.listLine}: ${entry.file} ${entry.line}:${entry.column} ${entry.mutator} ${entry.replacement}`);
  }
  return lines;
}
