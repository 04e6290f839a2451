import childProcess from 'node:child_process';
import dgram from 'node:dgram';
import dns from 'node:dns';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import workerThreads from 'node:worker_threads';

/** The error a guarded API throws: its name says what it is in a scheduler's report. */
export class NotPure extends Error {
  override readonly name = 'NotPure';
  readonly code = 'ERR_SCHEDULER_NOT_PURE';
}

/** What a scheduler tried that a pure one never does, as the guard saw it. */
export interface PurityGuard {
  /** The first attempt since the last call of `take`, and forgets it and any after it; undefined when there was none. */
  take(): string | undefined;
}

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Runs in the sandbox process, before the scheduler module is loaded. Node's
 * permission model (the process runs under it) already refuses to read or
 * write files, start processes or workers, load addons or open the
 * inspector; it does not cover the network before Node 25, so this guard
 * refuses every way out to it (TCP and TLS, through which http, https,
 * http2 and fetch go; UDP; name lookups), and ending or signalling
 * processes. It also notes each refusal, the permission model's included,
 * so that a scheduler that catches the error and carries on is still
 * reported: being refused is not the same as being pure.
 */
export function installPurityGuard(): PurityGuard {
  const attempts: string[] = [];
  const note = (what: string) => void attempts.push(what);
  // A plain function, not an arrow, so that `new Worker(...)` reaches it too.
  const deny = (what: string): AnyFunction =>
    function denied() {
      note(what);
      throw new NotPure(`the scheduler tried to ${what}; a scheduler must be pure: no files, processes, workers or network`);
    };
  const replace = (target: object, name: string, what: string) => {
    if (typeof (target as Record<string, unknown>)[name] === 'function') Object.defineProperty(target, name, { value: deny(what), writable: false, configurable: false });
  };

  replace(net.Socket.prototype, 'connect', 'open a network connection');
  replace(net.Server.prototype, 'listen', 'listen on a network port');
  for (const name of ['bind', 'send', 'connect']) replace(dgram.Socket.prototype, name, 'use the network (UDP)');
  for (const target of [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype]) {
    for (const name of Object.keys(target)) if (/^(lookup|resolve|reverse)/.test(name)) replace(target, name, 'look up a host name');
  }
  for (const name of ['fetch', 'WebSocket', 'EventSource']) {
    if (name in globalThis) Object.defineProperty(globalThis, name, { value: deny('use the network (fetch)'), writable: false, configurable: false });
  }
  for (const name of Object.keys(childProcess)) replace(childProcess, name, `start a process (child_process.${name})`);
  replace(workerThreads, 'Worker', 'start a worker thread');
  for (const name of ['exit', 'reallyExit', 'abort', 'kill', 'send', 'disconnect', 'dlopen', 'chdir']) replace(process, name, `use process.${name}`);
  guardFiles(fs, 'fs', note);
  guardFiles(fs.promises, 'fs.promises', note);
  // ES module imports of Node's modules read these objects' values as they are now.
  syncBuiltinESMExports();

  let seen = 0;
  return {
    take() {
      const first = attempts[seen];
      seen = attempts.length;
      return first;
    },
  };
}

/**
 * Notes every file access the permission model refuses, whichever way the
 * refusal comes back (thrown, to a callback, or as a rejected promise), and
 * refuses outright writes to open file descriptors, which the permission
 * model allows (they would reach the harness's own channels).
 */
function guardFiles(target: object, prefix: string, note: (what: string) => void): void {
  const record = target as Record<string, unknown>;
  const refused = (name: string) => (error: unknown) => {
    if ((error as { code?: unknown } | null)?.code === 'ERR_ACCESS_DENIED') note(`use the file system (${prefix}.${name})`);
  };
  for (const name of Object.keys(record)) {
    const original = record[name];
    if (typeof original !== 'function' || /^[A-Z]/.test(name)) continue;
    const onRefusal = refused(name);
    const writesDescriptor = /^(write|writeSync|writev|writevSync|ftruncate|ftruncateSync|fchmod|fchmodSync|fchown|fchownSync)$/.test(name);
    const guarded = function (this: unknown, ...args: unknown[]): unknown {
      if (writesDescriptor && typeof args[0] === 'number') {
        note(`write to file descriptor ${args[0]} (${prefix}.${name})`);
        throw new NotPure(`the scheduler tried to write to file descriptor ${args[0]}; a scheduler must be pure: no files, processes, workers or network`);
      }
      const last = args.length - 1;
      const callback = args[last];
      if (typeof callback === 'function') {
        args[last] = function (this: unknown, error: unknown, ...rest: unknown[]) {
          onRefusal(error);
          return (callback as AnyFunction).call(this, error, ...rest);
        };
      }
      try {
        const result = (original as AnyFunction).apply(this, args);
        if (typeof (result as { then?: unknown } | null)?.then === 'function') (result as Promise<unknown>).catch(onRefusal);
        return result;
      } catch (error) {
        onRefusal(error);
        throw error;
      }
    };
    Object.defineProperty(target, name, { value: guarded, writable: false, configurable: false });
  }
}
