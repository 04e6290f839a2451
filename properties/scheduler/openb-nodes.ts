import { FaultlineError } from '../../model/faultline-error.js';
import { readInputFile } from '../../traces/read-input-file.js';
import { csvRecords, wholeField } from './csv-records.js';
import type { WorkloadNode } from './scheduler-workload.js';

/** The columns of an openb node list (Alibaba GPU cluster trace v2023). */
export const OPENB_NODE_COLUMNS = ['sn', 'cpu_milli', 'memory_mib', 'gpu', 'model'] as const;

/**
 * Parses an openb node list: one node per row, `sn` its name, cpu in
 * millicores, memory in MiB, the GPU count and their model (empty when it
 * has none). A bad row is a one-line error naming the file and the line.
 */
export function parseOpenbNodes(text: string, file: string): readonly WorkloadNode[] {
  const seen = new Set<string>();
  const nodes = csvRecords(text, file, OPENB_NODE_COLUMNS).map((record): WorkloadNode => {
    const id = record.fields.sn ?? '';
    if (id === '') throw new FaultlineError('parse', 'sn (the node name) is empty', { file, line: record.line });
    if (seen.has(id)) throw new FaultlineError('parse', `node ${id} appears twice`, { file, line: record.line });
    seen.add(id);
    const cpuMillis = wholeField(record, file, 'cpu_milli');
    const memoryMiB = wholeField(record, file, 'memory_mib');
    const count = wholeField(record, file, 'gpu', { max: 64 });
    const model = record.fields.model ?? '';
    if (count === 0) return { id, cpuMillis, memoryMiB };
    if (model === '') throw new FaultlineError('parse', `node ${id} has ${count} GPUs but no model`, { file, line: record.line });
    return { id, cpuMillis, memoryMiB, gpu: { model, count } };
  });
  if (nodes.length === 0) throw new FaultlineError('parse', 'the node list has no nodes', { file });
  return nodes;
}

/** Reads and parses an openb node list file. */
export function readOpenbNodes(file: string): readonly WorkloadNode[] {
  return parseOpenbNodes(readInputFile(file, 'node list'), file);
}
