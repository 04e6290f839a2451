import type { GateProgress } from '../properties/check-gate.js';
import type { CliIo } from './cli-io.js';
import { clusterCounters, clusterEntry } from '../properties/cluster-registry.js';
import type { ClusterKind } from '../impl/sim-config.js';

/**
 * Shows the gate's progress: a redrawn bar on a terminal, plain periodic
 * lines otherwise (CI logs), at most one line every few seconds.
 */
export function progressReporter(io: CliIo, write: (text: string) => void): { update(progress: GateProgress): void; done(): void } {
  let lastLineMs = -Infinity;
  let drewBar = false;
  return {
    update(progress) {
      const seconds = (progress.elapsedMs / 1000).toFixed(1);
      const counts = `runs ${progress.runs}  ${progressCounts(progress)}`;
      if (io.isTTY) {
        const width = 24;
        const filled = Math.min(width, Math.round((progress.elapsedMs / Math.max(1, progress.budgetMs)) * width));
        write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${seconds}s  ${counts}\x1b[K`);
        drewBar = true;
      } else if (progress.elapsedMs - lastLineMs >= 5_000) {
        lastLineMs = progress.elapsedMs;
        write(`progress: ${seconds}s  ${counts}\n`);
      }
    },
    done() {
      if (drewBar) write('\n');
    },
  };
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
