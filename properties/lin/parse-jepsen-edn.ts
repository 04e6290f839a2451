import { FaultlineError } from '../../model/faultline-error.js';
import { ednGet, keywordName, readEdnStream, type EdnForm, type EdnMap, type EdnValue } from './edn-reader.js';
import type { RecordedHistory } from './history.js';
import { pairEvents, type FailConvention, type RecordedEvent } from './pair-events.js';

const TYPES = new Set(['invoke', 'ok', 'fail', 'info']);

function isMap(value: EdnValue): value is EdnMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && (value as { kind?: string }).kind === 'map';
}

/**
 * Turns EDN history entries into client events. Entries of the `:nemesis`
 * process (or any non-numeric process) are faults, not client operations,
 * and are skipped.
 */
export function ednEvents(forms: Iterable<EdnForm>, file: string): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  for (const { value, line } of forms) {
    if (!isMap(value)) throw new FaultlineError('parse', 'a history entry is not a map', { file, line });
    const process = ednGet(value, 'process');
    if (typeof process !== 'number') {
      if (process === undefined) throw new FaultlineError('parse', 'a history entry has no :process', { file, line });
      continue;
    }
    const type = keywordName(ednGet(value, 'type'));
    if (type === undefined || !TYPES.has(type)) {
      throw new FaultlineError('parse', 'a history entry needs :type :invoke, :ok, :fail or :info', { file, line });
    }
    const fValue = ednGet(value, 'f');
    const f = keywordName(fValue) ?? (typeof fValue === 'string' ? fValue : undefined);
    if (f === undefined) throw new FaultlineError('parse', 'a history entry needs an :f such as :read', { file, line });
    events.push({ client: process, type: type as RecordedEvent['type'], f, key: ednGet(value, 'key'), value: ednGet(value, 'value') ?? null, line });
  }
  return events;
}

/**
 * Reads a Jepsen `history.edn`, as it streams in: an EDN vector of
 * operation maps, or one map per line, with comments and extra keys allowed. `:fail` means the operation
 * did not happen (it is dropped); `:info` and invocations never completed are
 * unknown outcomes.
 *
 * For the job ledger the values are maps, and the completion's `:value` is
 * the result:
 *
 * ```clojure
 * {:process 0 :type :invoke :f :submit :value {:job "j1" :demand {:cpu-millis 500 :memory-mib 256} :tenant "a"}}
 * {:process 0 :type :ok     :f :submit :value {:job "j1" :node "n1"}}     ; placed on n1
 * {:process 1 :type :ok     :f :submit :value :rejected}                  ; a rejection is an :ok, since :fail is dropped
 * {:process 0 :type :invoke :f :complete :value {:job "j1"}}
 * {:process 0 :type :ok     :f :complete :value :unknown-job}             ; or any other value for completed
 * {:process 2 :type :ok     :f :query :value {"n1" {:cpu-millis 500 :memory-mib 256}}}
 * ```
 *
 * An EDN history cannot say what the nodes' capacities are; `faultline lin`
 * takes them from `--nodes`. The decoding itself is in `lin-models.ts`.
 */
export function parseJepsenEdn(chunks: Iterable<string>, file: string, convention: FailConvention = 'jepsen'): RecordedHistory {
  const forms = readEdnStream(chunks, file, { unwrapSequences: true });
  return { file, format: 'jepsen-edn', operations: pairEvents(ednEvents(forms, file), file, convention) };
}
