import { readInputFile } from '../../traces/read-input-file.js';
import { assertNever } from '../../model/assert-never.js';
import { detectFormat } from './detect-format.js';
import type { HistoryFormat, RecordedHistory } from './history.js';
import { parseFaultlineHistory } from './parse-faultline-history.js';
import { parseJepsenEdn } from './parse-jepsen-edn.js';
import { parsePorcupineEtcd } from './parse-porcupine-etcd.js';
import { parsePorcupineKv } from './parse-porcupine-kv.js';

/**
 * Reads and parses a history file in the given format, or the detected one
 * for `auto`. Every failure is a one-line FaultlineError naming the file
 * (and the line, for bad content).
 */
export function readHistoryFile(path: string, format: HistoryFormat | 'auto'): RecordedHistory {
  const text = readInputFile(path, 'history');
  const chosen = format === 'auto' ? detectFormat(text, path) : format;
  switch (chosen) {
    case 'porcupine-etcd': return parsePorcupineEtcd(text, path);
    case 'porcupine-kv': return parsePorcupineKv(text, path);
    case 'jepsen-edn': return parseJepsenEdn(text, path);
    case 'faultline': return parseFaultlineHistory(text, path);
    default: return assertNever(chosen, 'history format');
  }
}
