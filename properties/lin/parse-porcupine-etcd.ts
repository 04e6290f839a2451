import { FaultlineError } from '../../model/faultline-error.js';
import { readEdnForms, type EdnValue } from './edn-reader.js';
import { chunkLines } from './history-chunks.js';
import type { RecordedHistory } from './history.js';
import { pairEvents, type RecordedEvent } from './pair-events.js';

const LINE = /^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:([A-Za-z][\w-]*)\s+(.*)$/;
/** A log line is short; a longer one is bad input rather than work for the regular expressions. */
const LINE_LENGTH_MAX = 1 << 20;

/** The values almost every line holds: nil, a whole number, a pair of them, a keyword. */
const SIMPLE = /^(?:(nil)|(-?\d{1,15})|\[(-?\d{1,15}) (-?\d{1,15})\]|:([A-Za-z][\w-]*))$/;

/** The value after the operation name, read without the EDN reader when it is a simple one. */
function readValue(text: string, file: string, line: number): EdnValue {
  const simple = SIMPLE.exec(text);
  if (simple) {
    const [, nil, number, from, to, keyword] = simple;
    if (nil !== undefined) return null;
    if (number !== undefined) return Number(number);
    if (from !== undefined) return [Number(from), Number(to)];
    return { kind: 'keyword', name: keyword ?? '' };
  }
  const forms = readEdnForms(text, file, line);
  if (forms.length !== 1) throw new FaultlineError('parse', 'expected exactly one value after the operation name', { file, line });
  return forms[0]?.value ?? null;
}

/**
 * Reads a Jepsen etcd log as bundled with Porcupine, line by line as it
 * streams in: lines of
 * `INFO  jepsen.util - <process> :<type> :<f> <value>`. Blank lines are
 * skipped; any other line is bad input. `:fail` follows the etcd-log
 * convention (see `FailConvention`).
 */
export function parsePorcupineEtcd(chunks: Iterable<string>, file: string): RecordedHistory {
  const events: RecordedEvent[] = [];
  for (const [raw, line] of chunkLines(chunks, file, LINE_LENGTH_MAX)) {
    if (raw.trim() === '') continue;
    const match = LINE.exec(raw);
    if (!match) {
      throw new FaultlineError('parse', 'not an etcd log line (expected "INFO  jepsen.util - <process> :<type> :<f> <value>")', { file, line });
    }
    const [, process, type, f, valueText] = match;
    events.push({ client: Number(process), type: type as RecordedEvent['type'], f: f ?? '', key: undefined, value: readValue((valueText ?? '').trim(), file, line), line });
  }
  return { file, format: 'porcupine-etcd', operations: pairEvents(events, file, 'etcd-log') };
}
