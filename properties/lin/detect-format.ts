import { extname } from 'node:path';
import type { HistoryFormat } from './history.js';
import { FAULTLINE_HISTORY_FORMAT } from './parse-faultline-history.js';

/**
 * Guesses a history file's format from its first meaningful text: an etcd
 * log line, faultline's JSON marker, or EDN maps (one per line with `:key`
 * and only invoke/ok is a Porcupine kv log; anything else EDN is a Jepsen
 * history). An empty file is told by its extension, since every format reads
 * it as an empty history.
 */
export function detectFormat(text: string, file: string): HistoryFormat {
  const start = text.replace(/^(\s|;[^\n]*\n?)*/, '');
  if (start === '') {
    switch (extname(file)) {
      case '.json': return 'faultline';
      case '.txt': return 'porcupine-kv';
      case '.log': return 'porcupine-etcd';
      default: return 'jepsen-edn';
    }
  }
  if (/^INFO\s+jepsen\.util\s+-/.test(start)) return 'porcupine-etcd';
  if (/^\{\s*"/.test(start) && text.includes(`"${FAULTLINE_HISTORY_FORMAT}"`)) return 'faultline';
  const lines = start.split('\n', 20).filter((line) => line.trim() !== '');
  const kvLine = /^\{:process \d+, :type :(invoke|ok), :f :(get|put|append), :key /;
  if (lines.length > 0 && lines.every((line) => kvLine.test(line))) return 'porcupine-kv';
  return 'jepsen-edn';
}
