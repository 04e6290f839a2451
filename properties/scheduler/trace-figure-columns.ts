import type { TraceReplayRow } from './replay-schedulers-on-trace.js';

const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

/** The verdict of one replay: "held", or the broken property and the pod it broke at. */
export function replayVerdict(row: TraceReplayRow): string {
  return row.violation === undefined ? 'held' : `broke ${row.violation.property} at ${row.violation.pod}`;
}

/** The columns of the replay table, in order, shared by the text table and the HTML page. */
export const TRACE_FIGURE_COLUMNS: readonly { readonly header: string; readonly cell: (row: TraceReplayRow) => string }[] = [
  { header: 'scheduler', cell: (row) => row.name },
  { header: 'verdict', cell: replayVerdict },
  { header: 'cpu alloc', cell: (row) => percent(row.figures.final.allocatedCpu) },
  { header: 'mem alloc', cell: (row) => percent(row.figures.final.allocatedMemory) },
  { header: 'gpu alloc', cell: (row) => percent(row.figures.final.allocatedGpu) },
  { header: 'gpus unalloc', cell: (row) => row.figures.gpusUnallocated.toFixed(1) },
  { header: 'gpus frag', cell: (row) => row.figures.gpusFragmented.toFixed(1) },
  { header: 'frag/free', cell: (row) => percent(row.figures.final.fragmentation) },
  { header: 'not placed', cell: (row) => `${row.figures.podsNotPlaced}/${row.figures.podsArrived}` },
  { header: 'place ms p50', cell: (row) => row.figures.placement.medianMs.toFixed(3) },
  { header: 'place ms p99', cell: (row) => row.figures.placement.p99Ms.toFixed(3) },
  { header: 'replay s', cell: (row) => (row.durationMs / 1000).toFixed(1) },
];
