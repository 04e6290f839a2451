import { assertNever } from '../../model/assert-never.js';
import { detectFormat } from './detect-format.js';
import { historyChunks } from './history-chunks.js';
import type { HistoryFormat, RecordedHistory } from './history.js';
import type { LinBudget } from './lin-budget.js';
import { parseFaultlineHistory } from './parse-faultline-history.js';
import { parseJepsenEdn } from './parse-jepsen-edn.js';
import { parsePorcupineEtcd } from './parse-porcupine-etcd.js';
import { parsePorcupineKv } from './parse-porcupine-kv.js';

/**
 * Reads and parses a history file in the given format, or the one its first
 * chunk shows for `auto`, as a stream: a file of any length is read in
 * bounded memory beyond its operations. Every failure is a one-line
 * FaultlineError naming the file (and the line, for bad content); running
 * out of the budget while reading throws LinBudgetExceeded.
 */
export function readHistoryFile(path: string, format: HistoryFormat | 'auto', budget?: LinBudget): RecordedHistory {
  const stream = historyChunks(path, budget);
  const first = stream.next();
  const head = first.done ? '' : first.value;
  const chunks = (function* () {
    if (head !== '') yield head;
    yield* stream;
  })();
  const chosen = format === 'auto' ? detectFormat(head, path) : format;
  switch (chosen) {
    case 'porcupine-etcd': return parsePorcupineEtcd(chunks, path);
    case 'porcupine-kv': return parsePorcupineKv(chunks, path);
    case 'jepsen-edn': return parseJepsenEdn(chunks, path);
    case 'faultline': return parseFaultlineHistory(chunks, path);
    default: return assertNever(chosen, 'history format');
  }
}
