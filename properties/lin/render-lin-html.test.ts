import { describe, expect, it } from 'vitest';
import type { DescribedOperation } from './lin-models.js';
import type { LinResult } from './lin-result.js';
import { renderLinHtml } from './render-lin-html.js';

const operations: DescribedOperation[] = [
  { client: 0, call: 0, return: 1, label: 'write(1)', line: 1 },
  { client: 1, call: 2, return: 3, label: 'read() -> <nil>', line: 3 },
  { client: 2, call: 2, return: Infinity, label: 'write(2) -> ?', line: 4 },
];
const illegal: LinResult = {
  kind: 'illegal',
  illegalPartition: 0,
  partitions: [{ kind: 'illegal', operations: [0, 1, 2], longest: [{ operations: [0], stuckAt: 1 }], stuckAt: 1, steps: 7 }],
};

describe('renderLinHtml', () => {
  const html = renderLinHtml({ file: 'h<1>.edn', model: 'register', operations, result: illegal });

  it('is one offline page: no scripts, no links, no remote resources', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//);
  });

  it('draws one lane per client and one bar per operation, escaping labels', () => {
    expect(html.match(/class="lane"/g)).toHaveLength(3);
    expect(html.match(/class="op[ "]/g)).toHaveLength(3);
    expect(html).toContain('read() -&#62; &#60;nil&#62;');
    expect(html).toContain('h&#60;1&#62;.edn');
  });

  it('numbers the longest partial linearization, marks the stuck operation and the open one', () => {
    expect(html).toMatch(/class="op linearized"[^>]*><b>1<\/b> write\(1\)/);
    expect(html).toMatch(/class="op stuck"/);
    expect(html).toMatch(/class="op open"/);
    expect(html).toContain('Every linearization got stuck at: <b>read() -&#62; &#60;nil&#62;</b>');
  });

  it('shows an ok history without a linearization list', () => {
    const ok = renderLinHtml({ file: 'h.edn', model: 'register', operations, result: { kind: 'ok', partitions: [{ kind: 'ok', operations: [0, 1, 2], longest: [], stuckAt: undefined, steps: 3 }] } });
    expect(ok).toContain('verdict-ok');
    expect(ok).not.toContain('Longest partial linearization');
  });
});
