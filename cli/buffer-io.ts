import type { CliIo } from './cli-io.js';

/** A CliIo that collects what a command prints, for running commands in-process in tests and benchmarks. */
export function bufferIo(): CliIo & { out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    isTTY: false,
    out: () => stdout,
    err: () => stderr,
  };
}
