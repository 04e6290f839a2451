import type { Trace } from './trace.generated.js';
import { traceSchemaError } from './validate-trace.js';
import { writeUniqueFileAtomic } from './write-new-file.js';

/**
 * Serializes a trace: an indented object whose long arrays hold one entry per
 * line, so that a trace reads well and diffs line by line. The output depends
 * only on the trace, so equal runs give byte-identical files.
 */
export function serializeTrace(trace: Trace): string {
  const lines: string[] = ['{'];
  const entries = Object.entries(trace);
  entries.forEach(([key, value], index) => {
    const comma = index === entries.length - 1 ? '' : ',';
    if (Array.isArray(value) && value.length > 0) {
      lines.push(`  ${JSON.stringify(key)}: [`);
      value.forEach((item, itemIndex) => lines.push(`    ${JSON.stringify(item)}${itemIndex === value.length - 1 ? '' : ','}`));
      lines.push(`  ]${comma}`);
    } else {
      lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}`);
    }
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/**
 * Writes a trace under `folder` with a name built from `stem`, atomically and
 * never over an existing file; returns the path. A trace that does not match
 * the schema is a bug in faultline and is refused rather than written.
 */
export function writeTrace(folder: string, stem: string, trace: Trace): string {
  const problem = traceSchemaError(trace);
  if (problem !== null) throw new Error(`refusing to write a trace that does not match the schema: ${problem}`);
  return writeUniqueFileAtomic(folder, stem, '.json', serializeTrace(trace));
}
