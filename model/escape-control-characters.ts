/**
 * Characters a terminal may act on rather than show: C0 controls, DEL, C1
 * controls (U+009B is a one-character CSI on some terminals), the Unicode
 * bidirectional overrides and isolates (which reorder what is shown), and
 * the line and paragraph separators.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every control character written as a `\uXXXX` escape, so that
 * a string from a file (a scheduler's name, a message, a label) cannot move
 * the cursor, rewrite a line or start a new one when printed. `keep` names
 * the characters left as they are (a newline in text faultline itself laid
 * out). The escapes are valid inside JSON strings too.
 */
export function escapeControlCharacters(text: string, keep: '' | '\n' | '\n\t' = ''): string {
  return text.replace(CONTROL, (c) => (keep.includes(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
