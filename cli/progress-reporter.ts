import type { GateProgress } from '../properties/check-gate.js';
import type { CliIo } from './cli-io.js';
import { clusterCounters, clusterEntry } from '../properties/cluster-registry.js';
import type { ClusterKind } from '../impl/sim-config.js';

/** How wide the bar is, in characters. */
const BAR_WIDTH = 24;
/** Plain lines (CI logs) come at most this often. */
const LINE_EVERY_MS = 5_000;

/**
 * Shows the gate's progress: on a terminal, one line redrawn in place with a
 * bar (filled by runs when a run count bounds the gate, by time otherwise);
 * elsewhere (CI logs, pipes) plain lines, at most one every few seconds, so
 * a log shows the gate is alive without drowning in it. Both say when the
 * gate has moved on to shrinking a failure.
 */
export function progressReporter(io: CliIo, write: (text: string) => void): { update(progress: GateProgress): void; done(): void } {
  let lastLineMs = -Infinity;
  let drewBar = false;
  let announcedShrink = false;
  return {
    update(progress) {
      const seconds = (progress.elapsedMs / 1000).toFixed(1);
      const shrinking = progress.phase === 'shrink';
      if (io.isTTY) {
        // One short line: a line longer than the terminal would wrap, and the carriage return would then redraw only its end.
        const text = shrinking ? `shrinking the failing run: ${progress.shrinkRuns ?? 0} candidate runs  ${seconds}s` : `${bar(progress)} ${seconds}s  ${runsText(progress)}`;
        write(`\r${text}\x1b[K`);
        drewBar = true;
        return;
      }
      if (shrinking && !announcedShrink) {
        announcedShrink = true;
        lastLineMs = progress.elapsedMs;
        write(`progress: ${seconds}s  a run failed; shrinking it\n`);
      } else if (progress.elapsedMs - lastLineMs >= LINE_EVERY_MS) {
        lastLineMs = progress.elapsedMs;
        write(shrinking ? `progress: ${seconds}s  shrinking: ${progress.shrinkRuns ?? 0} candidate runs\n` : `progress: ${seconds}s  ${runsText(progress)}  ${progressCounts(progress)}\n`);
      }
    },
    done() {
      if (drewBar) write('\r\x1b[K');
      drewBar = false;
    },
  };
}

function bar(progress: GateProgress): string {
  const fraction = progress.runsPlanned === undefined ? progress.elapsedMs / Math.max(1, progress.budgetMs) : progress.runs / Math.max(1, progress.runsPlanned);
  const filled = Math.max(0, Math.min(BAR_WIDTH, Math.round(fraction * BAR_WIDTH)));
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
}

/** "runs 1200/5000 (410/s)". */
function runsText(progress: GateProgress): string {
  const rate = progress.elapsedMs > 0 ? Math.round((progress.runs * 1000) / progress.elapsedMs) : 0;
  return `runs ${progress.runs}${progress.runsPlanned === undefined ? '' : `/${progress.runsPlanned}`} (${rate}/s)`;
}

/** The gate's "sometimes" counters, compactly: `leader 12  2+ terms 3 ...`, per cluster when there are several. */
function progressCounts(progress: GateProgress): string {
  const clusters = Object.entries(progress.coverage) as [ClusterKind, { runs: number; reached: Record<string, number> }][];
  return clusters
    .map(([kind, cluster]) => {
      const counts = clusterCounters(clusterEntry(kind)).map((counter) => `${counter.id} ${cluster.reached[counter.id] ?? 0}`);
      return clusters.length > 1 ? `${kind}: ${counts.join('  ')}` : counts.join('  ');
    })
    .join('  |  ');
}
