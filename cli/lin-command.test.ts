import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bufferIo } from './buffer-io.js';
import { EXIT } from './cli-io.js';
import { main } from './main.js';

const projectRoot = resolve(fileURLToPath(import.meta.url), '..', '..');
const fixtures = resolve(projectRoot, 'properties', 'lin', 'fixtures');
const corpus = resolve(projectRoot, 'corpus', 'porcupine');
const scratch = mkdtempSync(join(tmpdir(), 'faultline-lin-command-'));

/** Runs `faultline lin ARGS` in-process through the real dispatcher, so bad input is mapped to exit 2 exactly as for a user. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = bufferIo();
  const code = await main(['lin', ...args], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

function scratchFile(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

const fixtureFiles = readdirSync(fixtures).filter((name) => /-(ok|bad)\./.test(name)).sort();

describe('faultline lin', () => {
  it('has fixtures of both verdicts', () => {
    expect(fixtureFiles.filter((name) => name.includes('-ok.')).length).toBeGreaterThan(3);
    expect(fixtureFiles.filter((name) => name.includes('-bad.')).length).toBeGreaterThan(3);
  });

  it.each(fixtureFiles)('exits with the verdict its name states: %s', async (name) => {
    const { code } = await run([join(fixtures, name)]);
    expect(code).toBe(name.includes('-ok.') ? EXIT.held : EXIT.violated);
  });

  it.each([
    ['jepsen/etcd_002.log', EXIT.held],
    ['jepsen/etcd_000.log', EXIT.violated],
    ['kv/c50-bad.txt', EXIT.violated],
    ['kv/c10-ok.txt', EXIT.held],
  ])('checks the corpus file %s in place', async (file, expected) => {
    expect((await run([join(corpus, file)])).code).toBe(expected);
  });

  it('prints the verdict, sizes and time as JSON', async () => {
    const { code, stdout } = await run([join(corpus, 'kv/c50-bad.txt'), '--json']);
    expect(code).toBe(EXIT.violated);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ verdict: 'illegal', operations: 2024, partitions: 10, model: 'kv', format: 'porcupine-kv' });
    expect(typeof report.ms).toBe('number');
    expect(report.stuckAt).toMatchObject({ line: expect.any(Number), operation: expect.stringMatching(/^get/) });
    expect(report.longest.length).toBeGreaterThan(0);
  });

  it('says where an illegal history got stuck, by line', async () => {
    const { stdout } = await run([join(fixtures, 'register-bad.edn')]);
    expect(stdout).toMatch(/NOT linearizable/);
    expect(stdout).toMatch(/stuck at line 5: client 2 read\(\) -> 1/);
  });

  it('writes an HTML view once and never over an existing file', async () => {
    const html = join(scratch, 'view.html');
    expect((await run([join(fixtures, 'etcd-bad.log'), '--html', html])).code).toBe(EXIT.violated);
    expect(readFileSync(html, 'utf8')).toContain('Every linearization got stuck at');
    const again = await run([join(fixtures, 'etcd-bad.log'), '--html', html]);
    expect(again.code).toBe(EXIT.badInput);
    expect(again.stderr).toMatch(/trace-exists/);
  });

  it('exits 3 with verdict unknown when the check times out', async () => {
    const writes = Array.from({ length: 22 }, (_, client) => ({ client, f: 'write', value: client, call: 0, return: 10, outcome: 'ok' }));
    const read = { client: 99, f: 'read', value: null, call: 20, return: 21, outcome: 'ok', result: 'nobody' };
    const file = scratchFile('hard.json', JSON.stringify({ format: 'faultline-history', version: 1, model: 'register', operations: [...writes, read] }));
    const { code, stdout } = await run([file, '--timeout-ms', '20', '--json']);
    expect(code).toBe(EXIT.inconclusive);
    expect(JSON.parse(stdout).verdict).toBe('unknown');
  });

  it('uses the model it is told: a rejection while capacity is free is illegal for the strict ledger', async () => {
    expect((await run([join(fixtures, 'ledger-may-refuse-ok.json'), '--model', 'ledger'])).code).toBe(EXIT.violated);
  });

  const ednLedger = [
    '{:process 0 :type :invoke :f :submit :value {:job "j1" :demand {:cpu-millis 3000 :memory-mib 1024} :tenant "a"}}',
    '{:process 0 :type :ok :f :submit :value {:job "j1" :node "n1"}}',
    '{:process 1 :type :invoke :f :submit :value {:job "j2" :demand {:cpu-millis 1000 :memory-mib 1024}}}',
    '{:process 1 :type :ok :f :submit :value :rejected}',
    '{:process 1 :type :invoke :f :query}',
    '{:process 1 :type :ok :f :query :value {"n1" {:cpu-millis 3000 :memory-mib 1024}}}',
    '',
  ].join('\n');

  it('takes the ledger\'s nodes from --nodes for an EDN history', async () => {
    const file = scratchFile('ledger.edn', ednLedger);
    expect((await run([file, '--nodes', 'n1=3000m/2048Mi'])).code).toBe(EXIT.held);
    // j2 would fit beside j1 on a larger n1, or on n2, so its rejection is illegal for the strict ledger.
    expect((await run([file, '--nodes', 'n1=4000m/2048Mi'])).code).toBe(EXIT.violated);
    expect((await run([file, '--nodes', 'n1=3000m/2048Mi,n2=1000m/1024Mi'])).code).toBe(EXIT.violated);
    expect((await run([file, '--nodes', 'n1=3000m/2048Mi,n2=1000m/1024Mi', '--model', 'ledger-may-refuse'])).code).toBe(EXIT.held);
    // A placement past n1's capacity is illegal for both ledgers.
    expect((await run([file, '--nodes', 'n1=2000m/2048Mi', '--model', 'ledger-may-refuse'])).code).toBe(EXIT.violated);
  });

  it('asks for --nodes when a ledger history does not carry them, and names bad syntax in one line', async () => {
    const file = scratchFile('ledger-no-nodes.edn', ednLedger);
    const missing = await run([file]);
    expect(missing.code).toBe(EXIT.badInput);
    expect(missing.stderr).toMatch(/needs the cluster's nodes \(--nodes/);
    for (const [nodes, problem] of [
      ['n1=3000/2048Mi', /cannot read "n1=3000\/2048Mi"/],
      ['n1=3000m', /cannot read/],
      ['n1=1m/1Mi,,n2=1m/1Mi', /cannot read ""/],
      ['n1=1m/1Mi,n1=2m/2Mi', /node id n1 appears twice/],
      ['n1=99999999999999999999m/1Mi', /whole, non-negative/],
    ] as const) {
      const bad = await run([file, '--nodes', nodes]);
      expect(bad.code).toBe(EXIT.badInput);
      expect(bad.stderr).toMatch(/^faultline: usage: --nodes takes ID=CPUm\/MEMMi/);
      expect(bad.stderr).toMatch(problem);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('names an EDN placement on a node outside --nodes as bad input, by line', async () => {
    const file = scratchFile('ledger-stray-node.edn', ednLedger);
    const { code, stderr } = await run([file, '--nodes', 'n2=3000m/2048Mi']);
    expect(code).toBe(EXIT.badInput);
    expect(stderr).toMatch(/names node n1, which is not one of the ledger's nodes \(n2\)/);
    expect(stderr).toContain(`file=${file} line=1`);
  });

  describe('bad input exits 2 with one line naming the file and line', () => {
    it('an unparseable line', async () => {
      const file = scratchFile('broken.log', 'INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0 :ok :read [1\n');
      const { code, stderr } = await run([file]);
      expect(code).toBe(EXIT.badInput);
      expect(stderr).toBe(`faultline: parse: not valid EDN: a vector is not closed (file=${file} line=2)\n`);
    });

    it('a return without a call', async () => {
      const file = scratchFile('orphan.edn', '{:process 0 :type :invoke :f :read}\n{:process 0 :type :ok :f :read :value 1}\n{:process 4 :type :ok :f :write :value 1}\n');
      const { code, stderr } = await run([file]);
      expect(code).toBe(EXIT.badInput);
      expect(stderr).toMatch(/without an invocation/);
      expect(stderr).toContain(`file=${file} line=3`);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    });

    it('an unknown :f', async () => {
      const file = scratchFile('unknown-f.edn', '{:process 0 :type :invoke :f :read}\n{:process 0 :type :ok :f :read :value 1}\n{:process 1 :type :invoke :f :frobnicate :value 1}\n');
      const { code, stderr } = await run([file, '--model', 'register']);
      expect(code).toBe(EXIT.badInput);
      expect(stderr).toMatch(/unknown :f :frobnicate/);
      expect(stderr).toContain(`file=${file} line=3`);
    });

    it('a missing file', async () => {
      const { code, stderr } = await run([join(scratch, 'absent.edn')]);
      expect(code).toBe(EXIT.badInput);
      expect(stderr).toMatch(/file-missing.*absent\.edn/);
    });

    it('usage errors', async () => {
      expect((await run([])).code).toBe(EXIT.badInput);
      expect((await run([join(fixtures, 'etcd-ok.log'), '--model', 'queue'])).stderr).toMatch(/--model must be one of/);
      expect((await run([join(fixtures, 'etcd-ok.log'), '--format', 'csv'])).stderr).toMatch(/--format must be one of/);
      expect((await run([join(fixtures, 'etcd-ok.log'), '--timeout-ms', 'soon'])).stderr).toMatch(/whole number/);
    });
  });

  it('leaves no stray files in the fixtures folder', () => {
    expect(existsSync(join(fixtures, 'view.html'))).toBe(false);
  });
});
