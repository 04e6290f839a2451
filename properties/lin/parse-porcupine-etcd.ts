import { FaultlineError } from '../../model/faultline-error.js';
import { readEdnForms } from './edn-reader.js';
import type { RecordedHistory } from './history.js';
import { pairEvents, type RecordedEvent } from './pair-events.js';

const LINE = /^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:([A-Za-z][\w-]*)\s+(.*?)\s*$/;

/**
 * Reads a Jepsen etcd log as bundled with Porcupine: lines of
 * `INFO  jepsen.util - <process> :<type> :<f> <value>`. Blank lines are
 * skipped; any other line is bad input. `:fail` follows the etcd-log
 * convention (see `FailConvention`).
 */
export function parsePorcupineEtcd(text: string, file: string): RecordedHistory {
  const events: RecordedEvent[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const match = LINE.exec(raw);
    if (!match) {
      throw new FaultlineError('parse', 'not an etcd log line (expected "INFO  jepsen.util - <process> :<type> :<f> <value>")', { file, line });
    }
    const [, process, type, f, valueText] = match;
    const forms = readEdnForms(valueText ?? '', file, line);
    if (forms.length !== 1) throw new FaultlineError('parse', 'expected exactly one value after the operation name', { file, line });
    events.push({ client: Number(process), type: type as RecordedEvent['type'], f: f ?? '', key: undefined, value: forms[0]?.value ?? null, line });
  });
  return { file, format: 'porcupine-etcd', operations: pairEvents(events, file, 'etcd-log') };
}
