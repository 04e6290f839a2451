import { FaultlineError } from '../../model/faultline-error.js';
import { readEdnForms, type EdnForm } from './edn-reader.js';
import { chunkLines } from './history-chunks.js';
import type { RecordedHistory } from './history.js';
import { pairEvents } from './pair-events.js';
import { ednEvents } from './parse-jepsen-edn.js';

/**
 * Reads a key-value log as bundled with Porcupine: one EDN map per line with
 * `:process :type :f :key :value`, only `:invoke` and `:ok`. Each line is
 * read on its own, so an error names its exact line.
 */
export function parsePorcupineKv(chunks: Iterable<string>, file: string): RecordedHistory {
  const forms: EdnForm[] = [];
  for (const [raw, line] of chunkLines(chunks, file)) {
    if (raw.trim() !== '') forms.push(...readEdnForms(raw, file, line));
  }
  const events = ednEvents(forms, file);
  for (const event of events) {
    if (event.type !== 'invoke' && event.type !== 'ok') {
      throw new FaultlineError('parse', `a kv log has only :invoke and :ok entries, not :${event.type}`, { file, line: event.line });
    }
    if (event.key === undefined) throw new FaultlineError('parse', 'a kv log entry has no :key', { file, line: event.line });
  }
  return { file, format: 'porcupine-kv', operations: pairEvents(events, file, 'jepsen') };
}
