import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Trace } from '../traces/trace.generated.js';
import { bufferIo } from './buffer-io.js';
import { main } from './main.js';
import { expectBadInput } from './expect-bad-input.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-hostile-trace-'));

/** A regression trace is of a built-in cluster, never of a user's protocol. */
type RegressionTrace = Trace & { config: Trace['config'] & { cluster: Exclude<Trace['config']['cluster'], { kind: 'custom' }> } } & Record<string, unknown>;

/**
 * A regression trace (by default vote-twice's: 3 nodes, 3 clients), changed
 * by `edit`, written to a file of its own.
 */
function hostile(name: string, edit: (trace: RegressionTrace) => void, regression = 'vote-twice'): string {
  const trace = JSON.parse(readFileSync(new URL(`../traces/regressions/${regression}.json`, import.meta.url), 'utf8')) as RegressionTrace;
  edit(trace);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(trace));
  return path;
}

const cases: [string, () => string, RegExp][] = [
  ['a fault phase of 10^12 ticks', () => hostile('phase', (t) => void (t.config.world.faultPhaseTicks = 1e12)), /schema: .*\/config\/world\/faultPhaseTicks must be <= 1000000/],
  ['a step bound of 10^12', () => hostile('steps', (t) => void (t.config.world.maxSteps = 1e12)), /schema: .*\/config\/world\/maxSteps must be <= 1000000/],
  ['a crash of node 7 of 3', () => hostile('node7', (t) => void (t.schedule = [{ atTick: 10, fault: { kind: 'crash', node: 7 } }])), /\/schedule\/0\/fault\/node is node 7, but the trace's world has nodes 0 to 2/],
  ['a partition naming node 9', () => hostile('split9', (t) => void (t.schedule = [{ atTick: 10, fault: { kind: 'partition', partition: { kind: 'split', side: [0, 9] } } }])), /\/schedule\/0\/fault\/partition\/side\/1 is node 9/],
  ['an absent node 9', () => hostile('absent9', (t) => void (t.config.world.initiallyAbsent = [9])), /\/config\/world\/initiallyAbsent\/0 is node 9/],
  ['an aimed trigger on node 7', () => hostile('trigger7', (t) => void (t.aimed[0]!.trigger.node = 7)), /\/aimed\/0\/trigger\/node is node 7/],
  ['an aimed crash of node 7', () => hostile('aimed7', (t) => void (t.aimed[0]!.faults[0]!.fault = { kind: 'crash', node: 7 })), /\/aimed\/0\/faults\/0\/fault\/node is node 7/],
  [
    "a restart of the previous link's node in an aimed fault that is no link of a chain",
    () => hostile('previous', (t) => void (t.aimed[0]!.faults[0]!.fault = { kind: 'restart', node: -2 })),
    /\/aimed\/0\/faults\/0\/fault\/node is -2, the node of the previous link, but the aimed fault is not a link of a chain/,
  ],
  ['delayMinTicks above delayMaxTicks', () => hostile('delay', (t) => void (t.config.world.baselineNetwork = { ...t.config.world.baselineNetwork, delayMinTicks: 9, delayMaxTicks: 2 })), /baselineNetwork has delayMinTicks 9 above delayMaxTicks 2/],
  ['a network fault with delayMinTicks above delayMaxTicks', () => hostile('netdelay', (t) => void (t.schedule = [{ atTick: 5, fault: { kind: 'network', conditions: { lossPermille: 0, duplicatePermille: 0, reorder: false, delayMinTicks: 50, delayMaxTicks: 1 } } }])), /\/schedule\/0\/fault\/conditions has delayMinTicks 50 above delayMaxTicks 1/],
  ['a minimum election timeout above the maximum', () => hostile('timeout', (t) => void (t.config.cluster.timing.electionTimeoutMinTicks = 300)), /timing has electionTimeoutMinTicks 300 above electionTimeoutMaxTicks 200/],
  ['an unknown mutant', () => hostile('mutant', (t) => void ((t.config.cluster.mutants as string[]) = ['frob'])), /schema: .*\/config\/cluster\/mutants\/0 must be equal to one of the allowed values/],
  ['a single-leader configuration that calls itself leaderless', () => hostile('leaderless', (t) => void ((t.config.cluster as { kind: string }).kind = 'leaderless')), /schema: .*\/config\/cluster/],
  ['a query in a leaderless trace, whose cluster answers none', () => hostile('ll-query', (t) => void (t.workload = [{ atTick: 5, client: 0, op: { kind: 'query' } }]), 'grant-anywhere'), /\/workload\/0\/op is not an operation of the leaderless cluster/],
  ['a leaderless minimum election timeout above the maximum', () => hostile('ll-timeout', (t) => void (t.config.cluster.timing.electionTimeoutMinTicks = 900), 'grant-anywhere'), /timing has electionTimeoutMinTicks 900 above electionTimeoutMaxTicks/],
  ['a workload client the world does not have', () => hostile('client', (t) => void (t.workload = [{ atTick: 5, client: 40, op: { kind: 'query' } }])), /\/workload\/0\/client is client 40, but the trace's world has 3 clients/],
  ['an operation the cluster does not have', () => hostile('op', (t) => void (t.workload = [{ atTick: 5, client: 0, op: { kind: 'frob' } }])), /\/workload\/0\/op is not an operation of the single-leader cluster/],
  ['a move to node 7 of 3', () => hostile('move', (t) => void (t.workload = [{ atTick: 5, client: 0, op: { kind: 'move', job: 'j1', node: 7 } as Trace['workload'][number]['op'] }])), /\/workload\/0\/op\/node is node 7/],
  ['capacities for fewer nodes than the world has', () => hostile('capacities', (t) => void (t.config.cluster.capacities = t.config.cluster.capacities.slice(0, 1))), /capacities lists 1 nodes, but the trace's world has 3/],
  ['a clock drift beyond the drift bound', () => hostile('drift', (t) => void (t.schedule = [{ atTick: 5, fault: { kind: 'clock-drift', node: 0, ratePpm: 400_000 } }])), /\/schedule\/0\/fault\/ratePpm is 400000, beyond the drift bound of 100000 ppm/],
  [
    'a file of 300 MiB',
    () => {
      const path = join(dir, 'huge.json');
      writeFileSync(path, '');
      truncateSync(path, 300 * 1024 * 1024);
      return path;
    },
    /too-large: the trace file is 300 MiB, more than the 256 MiB faultline reads/,
  ],
];

test.each(cases)('a schema-valid but hostile trace with %s is exit 2 and one line, before anything runs', async (_what, make, expected) => {
  await expectBadInput(['replay', make()], expected);
});

test('the unchanged regression trace loads and replays', async () => {
  const io = bufferIo();
  expect(await main(['replay', hostile('unchanged', () => undefined)], io)).toBe(1);
});
