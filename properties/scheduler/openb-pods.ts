import { FaultlineError } from '../../model/faultline-error.js';
import { GPU_DEVICE_MILLI, type GpuDemand } from '../../model/gpu-demand.js';
import type { Resources } from '../../model/resources.js';
import { readInputFile } from '../../traces/read-input-file.js';
import { csvRecords, wholeField, type CsvRecord } from './csv-records.js';

/** The columns every openb pod list has; the sampled lists stop after these. */
export const OPENB_POD_COLUMNS = ['name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli'] as const;

/** One pod of a trace. */
export interface TracePod {
  readonly name: string;
  readonly demand: Resources;
  readonly gpu: GpuDemand | undefined;
  /** Seconds; the row order when the list has no creation_time column. */
  readonly creationTime: number;
  /** Seconds; undefined when the list has no deletion time for it (it never leaves). */
  readonly deletionTime: number | undefined;
}

/** The GPU demand a row states: none, whole devices, or a share of one. */
function gpuDemand(record: CsvRecord, file: string): GpuDemand | undefined {
  const count = wholeField(record, file, 'num_gpu', { max: 64 });
  const milli = wholeField(record, file, 'gpu_milli', { max: GPU_DEVICE_MILLI });
  const specText = record.fields.gpu_spec ?? '';
  const models = specText === '' ? undefined : specText.split('|').map((m) => m.trim());
  if (models !== undefined && models.some((m) => m === '')) throw new FaultlineError('parse', `gpu_spec ${JSON.stringify(specText)} has an empty model name`, { file, line: record.line });
  const withModels = <T extends GpuDemand>(demand: T): T => (models === undefined ? demand : { ...demand, models });
  if (count === 0) {
    if (milli !== 0) throw new FaultlineError('parse', `num_gpu is 0 but gpu_milli is ${milli}`, { file, line: record.line });
    return undefined;
  }
  if (milli === 0) throw new FaultlineError('parse', `num_gpu is ${count} but gpu_milli is 0`, { file, line: record.line });
  if (milli === GPU_DEVICE_MILLI) return withModels({ kind: 'whole', count });
  // A share is of one device: the trace only shares single-GPU pods.
  if (count !== 1) throw new FaultlineError('parse', `num_gpu is ${count} with gpu_milli ${milli}: only a single-GPU pod may ask for a share`, { file, line: record.line });
  return withModels({ kind: 'share', milli });
}

/**
 * Parses an openb pod list: name, cpu in millicores, memory in MiB, the
 * number of GPUs and the thousandths of each (`num_gpu = 1` with
 * `gpu_milli < 1000` is a share of one device), and, when the list has them,
 * the allowed GPU models (`gpu_spec`, `|`-separated) and the creation and
 * deletion times in seconds. A bad row is a one-line error naming the file
 * and the line.
 */
export function parseOpenbPods(text: string, file: string): readonly TracePod[] {
  const seen = new Set<string>();
  const records = csvRecords(text, file, OPENB_POD_COLUMNS);
  const pods = records.map((record, row): TracePod => {
    const name = record.fields.name ?? '';
    if (name === '') throw new FaultlineError('parse', 'name is empty', { file, line: record.line });
    if (seen.has(name)) throw new FaultlineError('parse', `pod ${name} appears twice`, { file, line: record.line });
    seen.add(name);
    const demand = { cpuMillis: wholeField(record, file, 'cpu_milli'), memoryMiB: wholeField(record, file, 'memory_mib') };
    const gpu = gpuDemand(record, file);
    const creationTime = record.fields.creation_time === undefined ? row : wholeField(record, file, 'creation_time');
    const deletionText = record.fields.deletion_time;
    const deletionTime = deletionText === undefined || deletionText === '' ? undefined : wholeField(record, file, 'deletion_time');
    if (deletionTime !== undefined && deletionTime < creationTime) {
      throw new FaultlineError('parse', `deletion_time ${deletionTime} is before creation_time ${creationTime}`, { file, line: record.line });
    }
    return { name, demand, gpu, creationTime, deletionTime };
  });
  if (pods.length === 0) throw new FaultlineError('parse', 'the pod list has no pods', { file });
  return pods;
}

/** Reads and parses an openb pod list file. */
export function readOpenbPods(file: string): readonly TracePod[] {
  return parseOpenbPods(readInputFile(file, 'pod list'), file);
}
