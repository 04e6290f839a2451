import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

type HostileSchedulers = ReturnType<typeof writeHostileSchedulers>;

/**
 * For a test file: a local server that counts the connections it gets, and
 * the hostile schedulers aimed at it, set up before the file's tests and
 * closed after them.
 */
export function useHostileSchedulers(): { readonly hostile: () => HostileSchedulers; readonly connections: () => number } {
  let connections = 0;
  let hostile: HostileSchedulers | undefined;
  const server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hostile = writeHostileSchedulers((server.address() as { port: number }).port);
  });
  afterAll(() => void server.close());
  return { hostile: () => hostile!, connections: () => connections };
}

/**
 * Scheduler modules that try what a scheduler must not, written to a fresh
 * folder for a test: each does its deed in `place` (or when it loads) and
 * then answers like a correct scheduler (rejecting everything), so that only
 * the attempt itself can make it fail. `marker` is a file the deed would
 * create, and `port` a local port it would connect to, so a test can show
 * that nothing happened.
 */
export function writeHostileSchedulers(port: number): { readonly folder: string; readonly marker: string; readonly path: (name: HostileName) => string } {
  const folder = mkdtempSync(join(tmpdir(), 'faultline-hostile-'));
  const marker = join(folder, 'marker');
  const deeds: Record<HostileName, { readonly imports: string; readonly deed: string; readonly atLoad?: boolean }> = {
    'writes-a-file': { imports: "import { writeFileSync } from 'node:fs';", deed: `writeFileSync(${JSON.stringify(marker)}, 'written');` },
    'reads-a-file': { imports: "import { readFileSync } from 'node:fs';", deed: "readFileSync('/etc/hostname', 'utf8');" },
    'runs-a-command': { imports: "import { execSync } from 'node:child_process';", deed: `execSync(${JSON.stringify(`touch ${marker}`)});` },
    'opens-a-socket': { imports: "import { connect } from 'node:net';", deed: `connect(${port}, '127.0.0.1').on('error', () => {}).end('pwned');` },
    'makes-an-http-request': { imports: "import { request } from 'node:http';", deed: `request({ host: '127.0.0.1', port: ${port}, path: '/pwned' }).on('error', () => {}).end();` },
    'fetches-a-url': { imports: '', deed: `void fetch('http://127.0.0.1:${port}/pwned').catch(() => {});` },
    'starts-a-worker': { imports: "import { Worker } from 'node:worker_threads';", deed: "new Worker('1', { eval: true });" },
    'catches-the-refusal': { imports: "import { writeFileSync } from 'node:fs';", deed: `try { writeFileSync(${JSON.stringify(marker)}, 'written'); } catch {}` },
    'kills-its-parent': { imports: '', deed: 'process.kill(process.ppid, 0);' },
    'exits-at-import': { imports: '', deed: 'process.exit(0);', atLoad: true },
    'writes-at-import': { imports: "import { writeFileSync } from 'node:fs';", deed: `writeFileSync(${JSON.stringify(marker)}, 'written');`, atLoad: true },
  };
  for (const [name, { imports, deed, atLoad }] of Object.entries(deeds)) {
    const source = [
      "import { defineScheduler } from 'faultline/scheduler';",
      imports,
      atLoad === true ? deed : '',
      `export default defineScheduler({ name: '${name}', place: ({ pending }) => { ${atLoad === true ? '' : deed} return pending.map((request) => ({ kind: 'reject', requestId: request.id })); } });`,
      '',
    ].join('\n');
    writeFileSync(join(folder, `${name}.ts`), source);
  }
  return { folder, marker, path: (name) => join(folder, `${name}.ts`) };
}

export type HostileName =
  | 'writes-a-file'
  | 'reads-a-file'
  | 'runs-a-command'
  | 'opens-a-socket'
  | 'makes-an-http-request'
  | 'fetches-a-url'
  | 'starts-a-worker'
  | 'catches-the-refusal'
  | 'kills-its-parent'
  | 'exits-at-import'
  | 'writes-at-import';
