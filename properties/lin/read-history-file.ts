import { readFileSync } from 'node:fs';
import { FaultlineError } from '../../model/faultline-error.js';
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
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new FaultlineError('file-missing', 'no such history file', { file: path });
    throw new FaultlineError('file-unreadable', `cannot read the history file (${code ?? 'error'})`, { file: path });
  }
  const chosen = format === 'auto' ? detectFormat(text, path) : format;
  switch (chosen) {
    case 'porcupine-etcd': return parsePorcupineEtcd(text, path);
    case 'porcupine-kv': return parsePorcupineKv(text, path);
    case 'jepsen-edn': return parseJepsenEdn(text, path);
    case 'faultline': return parseFaultlineHistory(text, path);
    default: return assertNever(chosen, 'history format');
  }
}
