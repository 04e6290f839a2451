import { FaultlineError } from '../model/faultline-error.js';
import type { Trace } from './trace.generated.js';
import { TRACE_FORMAT_VERSION } from './trace-format.js';
import { readJsonFile } from './read-input-file.js';
import { SCHEMA_CLUSTER_KINDS, traceSchemaError } from './validate-trace.js';
import { traceConfigProblem } from './trace-fits-config.js';

/**
 * The largest trace file faultline reads. The longest run `check` makes
 * (its step bound) records well under this; a larger file did not come from
 * faultline, and parsing it would take gigabytes.
 */
const TRACE_BYTES_MAX = 256 * 1024 * 1024;

/**
 * Reads and validates a trace file. Every way it can be wrong becomes a
 * FaultlineError naming the file and the problem: missing, unreadable, too
 * large, not JSON, another format version, a cluster this faultline does not
 * build, not matching the schema, or faults, clients and settings that do
 * not fit the trace's own configuration.
 */
export function loadTrace(path: string): Trace {
  const value = readJsonFile(path, 'trace', TRACE_BYTES_MAX);
  const version = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>).formatVersion : undefined;
  if (typeof version === 'number' && Number.isInteger(version) && version >= 1 && version < TRACE_FORMAT_VERSION) {
    throw new FaultlineError(
      'format-version',
      `the trace was written by an older faultline (formatVersion ${version}); this faultline reads formatVersion ${TRACE_FORMAT_VERSION}: run the check that wrote it again to get a new trace`,
      { file: path },
    );
  }
  if (version !== TRACE_FORMAT_VERSION) {
    throw new FaultlineError('format-version', `trace formatVersion ${JSON.stringify(version ?? null)} is not supported; this faultline reads formatVersion ${TRACE_FORMAT_VERSION}`, {
      file: path,
    });
  }
  const kind = (value as { config?: { cluster?: { kind?: unknown } } }).config?.cluster?.kind;
  if (typeof kind === 'string' && !SCHEMA_CLUSTER_KINDS.includes(kind)) {
    throw new FaultlineError('schema', `the trace is of the ${JSON.stringify(kind)} cluster, which this faultline does not build (it builds ${SCHEMA_CLUSTER_KINDS.join(', ')})`, { file: path });
  }
  const problem = traceSchemaError(value);
  if (problem !== null) throw new FaultlineError('schema', `the trace does not match the schema: ${problem}`, { file: path });
  const misfit = traceConfigProblem(value as Trace);
  if (misfit !== null) throw new FaultlineError('schema', `the trace does not fit its own configuration: ${misfit}`, { file: path });
  return value as Trace;
}
