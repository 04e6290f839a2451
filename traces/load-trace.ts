import { FaultlineError } from '../model/faultline-error.js';
import type { Trace } from './trace.generated.js';
import { TRACE_FORMAT_VERSION } from './trace-format.js';
import { readInputFile } from './read-input-file.js';
import { traceSchemaError } from './validate-trace.js';

/**
 * Reads and validates a trace file. Every way it can be wrong becomes a
 * FaultlineError naming the file and the problem: missing, unreadable, not
 * JSON, another format version, or not matching the schema.
 */
export function loadTrace(path: string): Trace {
  const text = readInputFile(path, 'trace');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FaultlineError('not-json', `the trace file is not JSON: ${reason}`, { file: path });
  }
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
  const problem = traceSchemaError(value);
  if (problem !== null) throw new FaultlineError('schema', `the trace does not match the schema: ${problem}`, { file: path });
  return value as Trace;
}
