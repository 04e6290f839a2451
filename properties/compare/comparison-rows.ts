import type { Comparison } from './compare-clusters.js';
import type { AnsweredShare, ClusterFigures, TickQuantiles } from './summarize-comparison.js';

/** One row of the comparison table: a figure, then one cell per cluster; `indent` rows qualify the row above. */
export interface ComparisonRow {
  readonly label: string;
  readonly indent: boolean;
  readonly cells: readonly string[];
}

const count = (value: number) => value.toLocaleString('en-US');
const percent = (value: number | null) => (value === null ? '-' : `${(value * 100).toFixed(1)}%`);
const share = (figure: AnsweredShare) => `${percent(figure.share)} of ${count(figure.requests)}`;
const ticks = (figure: TickQuantiles) => (figure.median === null ? '-' : `${count(figure.median)} / ${count(figure.p99!)}`);
const decimal = (value: number | null) => (value === null ? '-' : value.toFixed(1));

/**
 * The comparison as a table, the same for the text output and the page:
 * every figure with the count it rests on.
 */
export function comparisonRows(comparison: Comparison): ComparisonRow[] {
  const { method } = comparison;
  const row = (label: string, cell: (figures: ClusterFigures) => string, indent = false): ComparisonRow => ({ label, indent, cells: comparison.clusters.map(cell) });
  return [
    row('requests made by the workload clients', (f) => count(f.requests.made)),
    row('answered before the client gave up', (f) => share(f.availability.all)),
    row('made during a partition', (f) => share(f.availability.duringPartition), true),
    row('made while a node was down or gone', (f) => share(f.availability.whileNodeDown), true),
    row(`made ≤${method.crashWindowTicks} ticks after an office crash`, (f) => `${share(f.availability.afterOfficeCrash)} (${count(f.availability.afterOfficeCrash.crashes)} crashes)`, true),
    row('still open when the run ended (in no share)', (f) => count(f.requests.openAtEnd), true),
    row('latency in ticks, median / p99', (f) => `${ticks(f.latencyTicks)} of ${count(f.latencyTicks.count)}`),
    row('submits rejected', (f) => `${count(f.rejections.rejected)} of ${count(f.rejections.submits)}`),
    row('while capacity was certainly free somewhere', (f) => count(f.rejections.whileFree), true),
    row('node-to-node messages per request', (f) => `${decimal(f.messages.perRequest)} (${count(f.messages.sent)} sent)`),
    row('per 1,000 ticks of a run', (f) => decimal(f.messages.perThousandTicks), true),
    row('sent by or to the office holder', (f) => percent(f.messages.officeShare), true),
    row('results given by the busiest node', (f) => percent(f.busiestNodeAnswerShare)),
    row('recovery after an office crash, ticks, median / p99', (f) => `${ticks(f.recoveryTicks)} of ${count(f.recoveryTicks.crashes)} crashes`),
    row('not recovered when the run ended', (f) => count(f.recoveryTicks.notRecovered), true),
    row('runs that broke a property', (f) => `${count(f.violations.runs)} of ${count(f.runs)}${f.violations.properties.length === 0 ? '' : ` (${f.violations.properties.join(', ')})`}`),
  ];
}
