import { extname } from 'node:path';
import type { HistoryFormat } from './history.js';

/**
 * Guesses a history file's format from its first chunk of text: an etcd
 * log line, a JSON object (only faultline's own history is JSON), or EDN
 * maps (one per line with `:key` and only invoke/ok is a Porcupine kv log;
 * anything else EDN is a Jepsen history). An empty file is told by its
 * extension, since every format reads it as an empty history.
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
  if (/^\{\s*"/.test(start)) return 'faultline';
  // The first chunk may end inside a line: that line is left out.
  const whole = start.endsWith('\n') ? start : start.slice(0, Math.max(start.lastIndexOf('\n'), 0)) || start;
  const lines = whole.split('\n', 20).filter((line) => line.trim() !== '');
  const kvLine = /^\{:process \d+, :type :(invoke|ok), :f :(get|put|append), :key /;
  if (lines.length > 0 && lines.every((line) => kvLine.test(line))) return 'porcupine-kv';
  return 'jepsen-edn';
}
