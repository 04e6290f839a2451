import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { FaultlineError } from '../model/faultline-error.js';

/**
 * Writes `content` to `path` atomically and never over an existing file.
 *
 * The content goes to a temporary file in the same folder first and is then
 * hard-linked to its final name: `link` fails when the name exists, unlike
 * `rename`, so a reader sees either no file or the whole file, and an earlier
 * trace is never lost.
 */
export function writeNewFileAtomic(path: string, content: string): void {
  const folder = dirname(path);
  const temporary = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(temporary, content, { flag: 'wx' });
  } catch (error) {
    throw new FaultlineError('write-failed', `cannot write in the folder (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { path });
  }
  try {
    linkSync(temporary, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new FaultlineError('trace-exists', 'refusing to overwrite an existing file', { path });
    throw new FaultlineError('write-failed', `cannot create the file (${code ?? 'error'})`, { path });
  } finally {
    unlinkSync(temporary);
  }
}

/**
 * Refuses an output folder that cannot be one (a file stands at its path), so
 * that a command rejects it before it spends its time budget. The folder
 * itself is created only when there is something to write.
 */
export function checkOutputFolder(folder: string, what = 'traces'): void {
  if (existsSync(folder) && !statSync(folder).isDirectory()) {
    throw new FaultlineError('write-failed', `cannot write ${what} to ${JSON.stringify(folder)}: it is a file, not a folder`, { folder });
  }
}

/**
 * Writes `content` under `folder` with a name built from `stem`, adding a
 * counter when the name is taken, and returns the path it used. Two writers
 * racing for one name both succeed, under different names.
 */
export function writeUniqueFileAtomic(folder: string, stem: string, extension: string, content: string): string {
  const safeStem = stem.replace(/[^A-Za-z0-9._-]+/g, '-');
  const ext = extension.startsWith('.') ? extension : `.${extension}`;
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const name = attempt === 0 ? `${safeStem}${ext}` : `${safeStem}-${attempt}${ext}`;
    const path = join(folder, name);
    try {
      writeNewFileAtomic(path, content);
      return path;
    } catch (error) {
      if (error instanceof FaultlineError && error.code === 'trace-exists') continue;
      throw error;
    }
  }
  throw new FaultlineError('trace-exists', 'no free file name', { folder, stem: basename(stem, extname(stem)) });
}
