import { describe, expect, test } from 'vitest';
import type { ClusterView, PendingRequest } from '../../impl/schedulers/define-scheduler.js';
import { checkMoves, checkPlacement } from './decision-violations.js';

const cluster: ClusterView = {
  nodes: [
    { id: 'n1', capacity: { cpuMillis: 1000, memoryMiB: 1024 }, allocated: { cpuMillis: 500, memoryMiB: 512 }, alive: true },
    { id: 'n2', capacity: { cpuMillis: 1000, memoryMiB: 1024 }, allocated: { cpuMillis: 0, memoryMiB: 0 }, alive: false },
    { id: 'n3', capacity: { cpuMillis: 1000, memoryMiB: 1024 }, allocated: { cpuMillis: 0, memoryMiB: 0 }, alive: true },
  ],
  jobs: [{ id: 'j1', tenant: 'a', nodeId: 'n1', demand: { cpuMillis: 500, memoryMiB: 512 }, grant: { cpuMillis: 500, memoryMiB: 512 } }],
};
const pending: PendingRequest[] = [
  { id: 'r1', tenant: 'a', demand: { cpuMillis: 400, memoryMiB: 400 } },
  { id: 'r2', tenant: 'b', demand: { cpuMillis: 400, memoryMiB: 400 } },
];
const place = (requestId: string, nodeId: string, cpuMillis: unknown, memoryMiB: unknown = 100) => ({ kind: 'place', requestId, nodeId, grant: { cpuMillis, memoryMiB } });
const verdict = (value: unknown) => {
  const checked = checkPlacement(cluster, pending, value);
  return checked.kind === 'ok' ? 'ok' : checked.violation.property;
};

describe('checking what place returned', () => {
  test.each([
    ['a lawful answer', [place('r1', 'n1', 400, 400), { kind: 'reject', requestId: 'r2' }], 'ok'],
    ['leaving a request pending', [place('r1', 'n3', 400)], 'ok'],
    ['not an array', { decisions: [] }, 'termination'],
    ['NaN', [place('r1', 'n1', Number.NaN)], 'termination'],
    ['a negative grant', [place('r1', 'n1', -1)], 'termination'],
    ['a fractional grant', [place('r1', 'n1', 0.5)], 'termination'],
    ['an unknown request', [place('r9', 'n1', 1)], 'termination'],
    ['an unknown node', [place('r1', 'n9', 1)], 'termination'],
    ['a request decided twice', [place('r1', 'n1', 1), { kind: 'reject', requestId: 'r1' }], 'termination'],
    ['an unknown decision kind', [{ kind: 'maybe', requestId: 'r1' }], 'termination'],
    ['a grant above demand', [place('r1', 'n3', 401)], 'conservation'],
    ['a grant on a dead node', [place('r1', 'n2', 1)], 'conservation'],
    ['two grants that overfill a node by one', [place('r1', 'n1', 400), place('r2', 'n1', 101)], 'conservation'],
  ])('%s is %s', (_what, value, expected) => {
    expect(verdict(value)).toBe(expected);
  });
});

describe('checking what rebalance returned', () => {
  const verdictOfMoves = (value: unknown) => {
    const checked = checkMoves(cluster, value);
    return checked.kind === 'ok' ? 'ok' : checked.violation.property;
  };
  test.each([
    ['no moves', [], 'ok'],
    ['a move to a live node with room', [{ kind: 'move', jobId: 'j1', toNodeId: 'n3' }], 'ok'],
    ['a move to a dead node', [{ kind: 'move', jobId: 'j1', toNodeId: 'n2' }], 'conservation'],
    ['an unknown job', [{ kind: 'move', jobId: 'j9', toNodeId: 'n3' }], 'termination'],
    ['a job moved twice', [{ kind: 'move', jobId: 'j1', toNodeId: 'n3' }, { kind: 'move', jobId: 'j1', toNodeId: 'n1' }], 'termination'],
    ['not an array', 'move everything', 'termination'],
  ])('%s is %s', (_what, value, expected) => {
    expect(verdictOfMoves(value)).toBe(expected);
  });
});
