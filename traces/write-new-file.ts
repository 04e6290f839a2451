import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, linkSync, mkdirSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { FaultlineError } from '../model/faultline-error.js';

/** An output folder on a disk with less room than this is refused before the run: a trace or report would not fit. */
const FREE_BYTES_MIN = 1024 * 1024;

/**
 * Writes `content` to `path` atomically and never over an existing file.
 *
 * The content goes to a temporary file in the same folder first and is then
 * hard-linked to its final name: `link` fails when the name exists, unlike
 * `rename`, so a reader sees either no file or the whole file, and an earlier
 * trace is never lost. The temporary file is removed whatever happens, so a
 * full disk leaves no partial file behind.
 */
export function writeNewFileAtomic(path: string, content: string): void {
  const folder = dirname(path);
  const temporary = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
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
    }
  } finally {
    removeTemporary(temporary);
  }
}

/** Removes a temporary file if it is there; when its folder could not be made (a file in the way), removing fails too, and must not hide why. */
function removeTemporary(temporary: string): void {
  try {
    rmSync(temporary, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
  }
}

/**
 * Refuses, before a command spends its time, an output folder it could not
 * write in: a file stands at its path or above it, the folder (or the one it
 * would be made in) is not writable, or its disk is full. The folder itself
 * is created only when there is something to write.
 */
export function checkOutputFolder(folder: string, what = 'traces'): void {
  if (existsSync(folder) && !statSync(folder).isDirectory()) {
    throw new FaultlineError('write-failed', `cannot write ${what} to ${JSON.stringify(folder)}: it is a file, not a folder`, { folder });
  }
  checkWritableFolder(folder, { folder });
}

/**
 * Refuses, before a command spends its time, an output file (a report, a
 * page) it could not write: one that exists already (faultline never
 * overwrites a file), a folder at its path, or a folder it could not be
 * written in (see `checkOutputFolder`).
 */
export function checkOutputFile(path: string): void {
  if (existsSync(path)) {
    throw new FaultlineError('trace-exists', statSync(path).isDirectory() ? 'the output file names a folder' : 'refusing to overwrite an existing file', { path });
  }
  checkWritableFolder(dirname(path), { path });
}

function checkWritableFolder(folder: string, details: Record<string, string>): void {
  // The nearest folder that exists is where the missing ones would be made, on the same disk.
  let existing = resolve(folder);
  while (!existsSync(existing)) existing = dirname(existing);
  if (!statSync(existing).isDirectory()) throw new FaultlineError('write-failed', `cannot make a folder under ${JSON.stringify(existing)}: it is a file`, details);
  try {
    accessSync(existing, constants.W_OK);
  } catch (error) {
    throw new FaultlineError('write-failed', `cannot write in ${JSON.stringify(existing)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, details);
  }
  const { bavail, bsize } = statfsSync(existing);
  if (bavail * bsize < FREE_BYTES_MIN) throw new FaultlineError('write-failed', `the disk holding ${JSON.stringify(existing)} is full`, details);
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
