/**
 * Text made safe to put anywhere in an HTML page, element content or quoted
 * attribute alike: the five characters that can end either are written as
 * character references. Every string a page shows that came from input (a
 * trace, a history, a file name) goes through here.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
