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
    // Twenty-two concurrent appends, then a get of a value no order of them
    // gives: every order must be ruled out before the history is illegal.
    const appends = Array.from({ length: 22 }, (_, client) => ({ client, f: 'append', key: 'k', value: String.fromCharCode(65 + client), call: 0, return: 10, outcome: 'ok' }));
    const get = { client: 99, f: 'get', key: 'k', call: 20, return: 21, outcome: 'ok', result: 'nobody' };
    const file = scratchFile('hard.json', JSON.stringify({ format: 'faultline-history', version: 1, model: 'kv', operations: [...appends, get] }));
    const { code, stdout } = await run([file, '--timeout-ms', '20', '--json']);
    expect(code).toBe(EXIT.inconclusive);
    expect(JSON.parse(stdout)).toMatchObject({ verdict: 'unknown', reason: 'timeout' });
    const text = await run([file, '--timeout-ms', '20']);
    expect(text.stdout).toMatch(/unknown: the check ran out of time; try a larger --timeout-ms/);
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

  describe('hostile input (issue 8)', () => {
    const oneLine = (stderr: string) => {
      const lines = stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(stderr).not.toMatch(/internal error|\n\s+at /);
      return lines[0] ?? '';
    };

    it('rejects invalid UTF-8 with file and line instead of merging different bytes into U+FFFD', async () => {
      // A write of byte FF and a read of byte FE: both would decode to U+FFFD and look equal.
      const bytes = Buffer.concat([
        Buffer.from('{:process 0 :type :invoke :f :write :value "'),
        Buffer.from([0xff]),
        Buffer.from('"}\n{:process 0 :type :ok :f :write :value "'),
        Buffer.from([0xff]),
        Buffer.from('"}\n{:process 1 :type :invoke :f :read :value nil}\n{:process 1 :type :ok :f :read :value "'),
        Buffer.from([0xfe]),
        Buffer.from('"}\n'),
      ]);
      const file = join(scratch, 'latin1.edn');
      writeFileSync(file, bytes);
      const { code, stderr } = await run([file, '--model', 'register']);
      expect(code).toBe(EXIT.badInput);
      expect(oneLine(stderr)).toBe(`faultline: parse: the history is not valid UTF-8 (file=${file} line=1)`);
    });

    it.each([
      ['EDN', 'deep.edn', (depth: number) => `{:process 0 :type :invoke :f :write :value ${'['.repeat(depth)}${']'.repeat(depth)}}\n`],
      ['faultline JSON', 'deep.json', (depth: number) => `{"format": "faultline-history", "version": 1, "model": "register",\n"operations": [\n{"client": 0, "f": "write", "value": ${'['.repeat(depth)}${']'.repeat(depth)}, "call": 0, "return": 1, "outcome": "ok"}]}\n`],
    ])('rejects nesting thousands of levels deep in %s as bad input with file and line', async (_format, name, text) => {
      const file = scratchFile(name, text(100_000));
      const { code, stderr } = await run([file, '--model', 'register']);
      expect(code).toBe(EXIT.badInput);
      expect(oneLine(stderr)).toMatch(new RegExp(`^faultline: parse: .*nest.*\\(file=${file} line=${name.endsWith('.json') ? 3 : 1}\\)$`));
    });

    it('cuts an error line that quotes a huge value to a readable length', async () => {
      const huge = Array.from({ length: 20_000 }, (_, index) => index).join(' ');
      const file = scratchFile('huge.edn', `{:process 0 :type :invoke :f :write :value {:a [${huge}]}}\n{:process 0 :type :ok :f :write :value 1}\n`);
      const { code, stderr } = await run([file, '--model', 'register']);
      expect(code).toBe(EXIT.badInput);
      expect(oneLine(stderr).length).toBeLessThan(300 + file.length);
      expect(stderr).toContain(`file=${file} line=1`);
    });

    it('counts reading the history against the time limit', async () => {
      // Quick to check, slow to read: a long comment before two operations.
      const file = scratchFile('slow-to-read.edn', `${'; padding\n'.repeat(400_000)}{:process 0 :type :invoke :f :read :value nil}\n{:process 0 :type :ok :f :read :value nil}\n`);
      const { code, stdout } = await run([file, '--timeout-ms', '1', '--json']);
      expect(code).toBe(EXIT.inconclusive);
      expect(JSON.parse(stdout)).toMatchObject({ verdict: 'unknown', reason: 'timeout' });
    });

    it('answers unknown, never a crash, when the memory limit is reached', async () => {
      const { code, stdout } = await run([join(fixtures, 'etcd-ok.log'), '--max-memory', '1', '--json']);
      expect(code).toBe(EXIT.inconclusive);
      expect(JSON.parse(stdout)).toMatchObject({ verdict: 'unknown', reason: 'memory' });
      expect((await run([join(fixtures, 'etcd-ok.log'), '--max-memory', 'lots'])).code).toBe(EXIT.badInput);
    });

    it('says there is nothing to check in an empty history, inconclusive rather than linearizable', async () => {
      for (const [name, text] of [['empty.edn', ''], ['only-comments.edn', '; nothing here\n'], ['empty.json', '{"format": "faultline-history", "version": 1, "operations": []}']] as const) {
        const { code, stdout } = await run([scratchFile(name, text), '--model', 'register']);
        expect(code).toBe(EXIT.inconclusive);
        expect(stdout).toMatch(/nothing to check/);
      }
    });

    it('holds every format to one rule: a client runs one operation at a time', async () => {
      const edn = scratchFile('overlap.edn', '{:process 0 :type :invoke :f :write :value 1}\n{:process 0 :type :invoke :f :read :value nil}\n{:process 0 :type :ok :f :write :value 1}\n{:process 0 :type :ok :f :read :value 1}\n');
      const json = scratchFile(
        'overlap.json',
        JSON.stringify({ format: 'faultline-history', version: 1, model: 'register', operations: [{ client: 0, f: 'write', value: 1, call: 0, return: 5, outcome: 'ok' }, { client: 0, f: 'read', call: 2, return: 6, outcome: 'ok', result: 1 }] }, null, 1),
      );
      for (const file of [edn, json]) {
        const { code, stderr } = await run([file]);
        expect(code).toBe(EXIT.badInput);
        expect(oneLine(stderr)).toMatch(/client 0 .*(line 1|from line)/);
      }
      // An operation of unknown outcome ends its client's turn, as Jepsen's :info does.
      const released = scratchFile(
        'released.json',
        JSON.stringify({ format: 'faultline-history', version: 1, model: 'register', operations: [{ client: 0, f: 'write', value: 1, call: 0, return: null, outcome: 'open' }, { client: 0, f: 'read', call: 2, return: 6, outcome: 'ok', result: 1 }] }),
      );
      expect((await run([released])).code).toBe(EXIT.held);
    });
  });

  it('leaves no stray files in the fixtures folder', () => {
    expect(existsSync(join(fixtures, 'view.html'))).toBe(false);
  });
});
