import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { escapeControlCharacters } from './escape-control-characters.js';

test('a scheduler name with ESC and a newline cannot start a line or move the cursor', () => {
  const name = 'x\u001b[2K\rresult: held\n';
  expect(escapeControlCharacters(name)).toBe('x\\u001b[2K\\u000dresult: held\\u000a');
  expect(escapeControlCharacters(`a${name}`, '\n')).toBe('ax\\u001b[2K\\u000dresult: held\n');
});

test('C1 controls, bidirectional overrides and line separators are escaped too', () => {
  expect(escapeControlCharacters('\u009b31m \u202eevil \u2028')).toBe('\\u009b31m \\u202eevil \\u2028');
});

test.prop([fc.string({ unit: 'binary' })])('the escaped text holds no control character and reads back as the same JSON string', (text) => {
  const escaped = escapeControlCharacters(text);
  expect(escaped).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  // Backslashes already in the text are not escaped, so only text without them reads back exactly.
  if (!text.includes('\\')) expect(JSON.parse(`"${escaped.replace(/"/g, '\\"')}"`)).toBe(text);
});
