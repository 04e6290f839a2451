import { describe, expect, test } from 'vitest';
import { FaultlineError } from '../../model/faultline-error.js';
import { parseOpenbNodes, readOpenbNodes } from './openb-nodes.js';
import { parseOpenbPods, readOpenbPods } from './openb-pods.js';
import { PRODUCTION_NODES, PRODUCTION_POD_LISTS, PRODUCTION_TRACE_ABSENT_NOTE, PRODUCTION_TRACE_PRESENT, SAMPLE_NODES, SAMPLE_PODS } from './openb-trace-files.js';

const POD_HEADER = 'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time';
const failure = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    if (error instanceof FaultlineError) return error.oneLine();
    throw error;
  }
  throw new Error('expected a FaultlineError');
};

describe('the openb node list reader', () => {
  test('reads the sample: cpu, memory, and GPU devices with their model', () => {
    const nodes = readOpenbNodes(SAMPLE_NODES);
    expect(nodes).toHaveLength(5);
    expect(nodes[0]).toEqual({ id: 'sample-node-0', cpuMillis: 32000, memoryMiB: 131072 });
    expect(nodes[2]).toEqual({ id: 'sample-node-2', cpuMillis: 96000, memoryMiB: 393216, gpu: { model: 'G2', count: 8 } });
  });

  test.each([
    ['a negative cpu', 'n1,-1,100,0,', 'cpu_milli is "-1", not a whole number ≥ 0 (file=nodes.csv line=3)'],
    ['a fractional memory', 'n1,1000,1.5,0,', 'memory_mib is "1.5", not a whole number ≥ 0 (file=nodes.csv line=3)'],
    ['GPUs without a model', 'n1,1000,100,2,', 'node n1 has 2 GPUs but no model (file=nodes.csv line=3)'],
    ['a repeated name', 'n0,1000,100,0,', 'node n0 appears twice (file=nodes.csv line=3)'],
    ['a short row', 'n1,1000', 'not a well-formed CSV row: Invalid Record Length: columns length is 5, got 2 (file=nodes.csv line=3)'],
  ])('%s names the file and the line', (_what, row, message) => {
    expect(failure(() => parseOpenbNodes(`sn,cpu_milli,memory_mib,gpu,model\nn0,1000,100,0,\n${row}\n`, 'nodes.csv'))).toBe(`faultline: parse: ${message}`);
  });

  test('a header without a required column is named on line 1', () => {
    expect(failure(() => parseOpenbNodes('sn,cpu,memory_mib,gpu,model\n', 'nodes.csv'))).toBe('faultline: parse: the header lacks the column cpu_milli (file=nodes.csv line=1)');
  });

  test('a missing file is bad input naming it', () => {
    expect(failure(() => readOpenbNodes('/no/such/nodes.csv'))).toBe('faultline: file-missing: no such node list file (file=/no/such/nodes.csv)');
  });
});

describe('the openb pod list reader', () => {
  test('reads the sample: whole GPUs, shares of one device, model restrictions, CPU-only pods and times', () => {
    const pods = readOpenbPods(SAMPLE_PODS);
    expect(pods).toHaveLength(24);
    expect(pods[0]).toMatchObject({ name: 'sample-pod-00', demand: { cpuMillis: 8000, memoryMiB: 16384 }, gpu: { kind: 'whole', count: 1 }, creationTime: 0, deletionTime: 900 });
    expect(pods[1]?.gpu).toEqual({ kind: 'share', milli: 500 });
    expect(pods[4]?.gpu).toBeUndefined();
    expect(pods[7]?.gpu).toEqual({ kind: 'share', milli: 460, models: ['V100M16', 'P100'] });
  });

  test('a list with only the five demand columns (as the multi-GPU sample is) arrives in file order and never leaves', () => {
    const pods = parseOpenbPods('name,cpu_milli,memory_mib,num_gpu,gpu_milli\np0,1000,100,2,1000\np1,1000,100,0,0\n', 'pods.csv');
    expect(pods.map((p) => [p.creationTime, p.deletionTime])).toEqual([
      [0, undefined],
      [1, undefined],
    ]);
  });

  test.each([
    ['a share of several GPUs', 'p1,1000,100,2,500,,LS,Running,0,1,0', 'num_gpu is 2 with gpu_milli 500: only a single-GPU pod may ask for a share'],
    ['more than a device', 'p1,1000,100,1,1500,,LS,Running,0,1,0', 'gpu_milli is "1500", not a whole number from 0 to 1000'],
    ['GPUs of nothing', 'p1,1000,100,1,0,,LS,Running,0,1,0', 'num_gpu is 1 but gpu_milli is 0'],
    ['a GPU share without GPUs', 'p1,1000,100,0,300,,LS,Running,0,1,0', 'num_gpu is 0 but gpu_milli is 300'],
    ['an empty model in gpu_spec', 'p1,1000,100,1,300,T4|,LS,Running,0,1,0', 'gpu_spec "T4|" has an empty model name'],
    ['a deletion before the creation', 'p1,1000,100,1,300,,LS,Running,5,1,0', 'deletion_time 1 is before creation_time 5'],
    ['a creation time that is not a number', 'p1,1000,100,1,300,,LS,Running,soon,9,0', 'creation_time is "soon", not a whole number ≥ 0'],
    ['a repeated name', 'p0,1000,100,1,300,,LS,Running,0,1,0', 'pod p0 appears twice'],
  ])('%s names the file and the line', (_what, row, message) => {
    expect(failure(() => parseOpenbPods(`${POD_HEADER}\np0,1000,100,0,0,,LS,Running,0,1,0\n${row}\n`, 'pods.csv'))).toBe(`faultline: parse: ${message} (file=pods.csv line=3)`);
  });

  test('an empty list is bad input', () => {
    expect(failure(() => parseOpenbPods(`${POD_HEADER}\n`, 'pods.csv'))).toBe('faultline: parse: the pod list has no pods (file=pods.csv)');
  });
});

describe(`the production trace${PRODUCTION_TRACE_ABSENT_NOTE}`, () => {
  test.skipIf(!PRODUCTION_TRACE_PRESENT)('every list reads whole: 1,523 nodes with 6,212 GPUs, and the pod lists', () => {
    const nodes = readOpenbNodes(PRODUCTION_NODES);
    expect(nodes).toHaveLength(1523);
    expect(nodes.reduce((sum, n) => sum + (n.gpu?.count ?? 0), 0)).toBe(6212);
    const counts = PRODUCTION_POD_LISTS.map((file) => readOpenbPods(file).length);
    expect(counts).toEqual([8152, 8152, 9061, 7439]);
  });
});
