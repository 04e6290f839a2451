/** Quotes a command-line word for a POSIX shell when it needs it, so the printed command can be pasted. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
