/** How much of a value from the input an error message quotes. */
const QUOTED_MAX = 60;

/**
 * `text` cut to `max` characters with an ellipsis, so that an error line
 * quoting input stays readable however large the input is.
 */
export function clipText(text: string, max = QUOTED_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
