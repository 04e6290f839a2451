import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const workflow = readFileSync(fileURLToPath(new URL('../examples/github-actions-faultline.yml', import.meta.url)), 'utf8');
const bin = fileURLToPath(new URL('../bin/faultline.js', import.meta.url));

/** The `run: |` blocks of the workflow, by the name of their step, dedented. */
function runBlocks(): Map<string, string> {
  const lines = workflow.split('\n');
  const blocks = new Map<string, string>();
  let name = '';
  lines.forEach((line, index) => {
    const named = /^\s*- name: (.*)$/.exec(line);
    if (named) name = named[1]!;
    if (!/^\s*run: \|\s*$/.test(line)) return;
    const indent = (lines[index + 1] ?? '').search(/\S/);
    const body: string[] = [];
    for (let at = index + 1; at < lines.length && (lines[at]!.trim() === '' || lines[at]!.search(/\S/) >= indent); at++) body.push(lines[at]!.slice(indent));
    blocks.set(name, body.join('\n'));
  });
  return blocks;
}

/** Runs a step's script with bash -e, as GitHub Actions does, with `npx faultline` being this checkout's CLI. */
function step(script: string, cwd: string, env: Record<string, string>, shard: number): { status: number | null; output: string } {
  const shim = join(cwd, '.bin');
  mkdirSync(shim, { recursive: true });
  writeFileSync(join(shim, 'npx'), `#!/bin/sh\n[ "$1" = faultline ] || exit 127\nshift\nexec "${process.execPath}" "${bin}" "$@"\n`);
  chmodSync(join(shim, 'npx'), 0o755);
  const expanded = script.replaceAll('${{ matrix.shard }}', String(shard)).replaceAll('${{ github.run_id }}', '4294967297');
  const result = spawnSync('bash', ['-e', '-c', expanded], { cwd, env: { ...process.env, ...env, PATH: `${shim}:${process.env.PATH ?? ''}` }, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the example GitHub Actions workflow', () => {
  test('its shard, view and merge steps run as written: a planted bug fails the merge, with traces, pages and a JUnit report', () => {
    const blocks = runBlocks();
    expect([...blocks.keys()]).toEqual(['check shard ${{ matrix.shard }}', 'view the traces', 'merge the shards']);
    const cwd = mkdtempSync(join(tmpdir(), 'faultline-workflow-'));
    const env = { FAULTLINE_SHARDS: '2', FAULTLINE_RUNS: '300', FAULTLINE_BUDGET_SECONDS: '120', FAULTLINE_CLUSTER: 'all', FAULTLINE_MUTANT: 'lease-ignores-drift' };
    for (const shard of [1, 2]) {
      const check = step(blocks.get('check shard ${{ matrix.shard }}')!, cwd, env, shard);
      expect(check.status, check.output).toBe(0);
      // The seed is the run id modulo 2^31 - 1, the same in every shard.
      expect(JSON.parse(readFileSync(join(cwd, `faultline-result-${shard}.json`), 'utf8'))).toMatchObject({ seed: 3, shard: { index: shard, count: 2 } });
    }
    const view = step(blocks.get('view the traces')!, cwd, env, 1);
    expect(view.status, view.output).toBe(0);
    const traces = readdirSync(join(cwd, 'faultline-traces'), { recursive: true }).map(String).filter((name) => name.endsWith('.json'));
    expect(traces.length).toBeGreaterThan(0);
    for (const trace of traces) expect(existsSync(join(cwd, 'faultline-traces', trace.replace(/\.json$/, '.html')))).toBe(true);
    const merge = step(blocks.get('merge the shards')!, cwd, env, 1);
    expect(merge.status, merge.output).toBe(1);
    expect(merge.output).toMatch(/VIOLATION single-leader in run \d+ \(shard \d\/2\)/);
    expect(readFileSync(join(cwd, 'faultline-junit.xml'), 'utf8')).toContain('name="single-leader"');
  });

  test('a shard with bad settings fails its own job', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'faultline-workflow-bad-'));
    const env = { FAULTLINE_SHARDS: '2', FAULTLINE_RUNS: '10', FAULTLINE_BUDGET_SECONDS: '60', FAULTLINE_CLUSTER: 'all', FAULTLINE_MUTANT: 'gremlin' };
    const check = step(runBlocks().get('check shard ${{ matrix.shard }}')!, cwd, env, 1);
    expect(check.status).toBe(2);
    expect(check.output).toContain('unknown mutant "gremlin"');
  });
});
