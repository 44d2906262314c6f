/**
 * Reading files of a folder without leaving it: a path must resolve (symbolic links followed)
 * inside the folder, name a regular file, and have a size the caller accepts, all checked on the
 * open descriptor before a single byte is read. So `/dev/zero`, a FIFO, or a huge file is refused
 * instead of being read into memory, and a link to `/etc/passwd` is refused instead of followed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ControllerFileError } from './controller-file-error.js';

/** A folder as the caller named it, and its real path (links resolved). */
export interface Folder {
  readonly dir: string;
  readonly real: string;
}

/** A regular file inside a folder, open for reading. The caller closes `fd`. */
export interface OpenFile {
  readonly file: string;
  readonly fd: number;
  readonly size: number;
}

const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
// A FIFO opened for reading would block until a writer comes; non-blocking, fstat can refuse it.
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function kindOf(stat: fs.Stats): string {
  if (stat.isFile()) return 'a regular file';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  return 'a file of unknown kind';
}

/** True when `real` is `root` or lies below it (both real, absolute paths). */
export function isInside(root: string, real: string): boolean {
  const rel = path.relative(root, real);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/** Resolves `dir` to a Folder; a missing path or a non-directory is a ControllerFileError. */
export function openFolder(dir: string): Folder {
  let stat: fs.Stats;
  let real: string;
  try {
    real = fs.realpathSync(dir);
    stat = fs.statSync(real);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new ControllerFileError(dir, code === 'ENOENT' ? 'no such controller folder' : `cannot open the controller folder (${reason(error)})`, { cause: error });
  }
  if (!stat.isDirectory()) throw new ControllerFileError(dir, `expected a controller folder, received ${kindOf(stat)}`);
  return { dir, real };
}

/**
 * Opens `file` (a path under `folder.dir`) for reading. Refuses, naming `file` and `listedIn`
 * (where the path came from, if anywhere): a missing file, a path whose links lead outside the
 * folder, and anything that is not a regular file. Nothing is read.
 */
export function openInside(folder: Folder, file: string, listedIn?: string): OpenFile {
  const where = listedIn === undefined ? '' : `; ${listedIn}`;
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new ControllerFileError(file, `${code === 'ENOENT' ? 'no such file' : `cannot be resolved (${reason(error)})`}${where}`, { cause: error });
  }
  if (!isInside(folder.real, real)) {
    throw new ControllerFileError(file, `leads through a symbolic link to ${real}, outside the controller folder ${folder.dir}${where}`);
  }
  let fd: number;
  try {
    fd = fs.openSync(real, fs.constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    throw new ControllerFileError(file, `cannot be opened (${reason(error)})${where}`, { cause: error });
  }
  const stat = fs.fstatSync(fd);
  if (!stat.isFile()) {
    fs.closeSync(fd);
    throw new ControllerFileError(file, `expected a regular file, received ${kindOf(stat)}${where}`);
  }
  return { file, fd, size: stat.size };
}

/**
 * Reads all `opened.size` bytes of an open file into `out` (length exactly `opened.size`), and
 * checks that the file neither shrank nor grew since its size was taken.
 */
export function readAll(opened: OpenFile, out: Uint8Array): void {
  let at = 0;
  while (at < out.length) {
    const n = fs.readSync(opened.fd, out, at, out.length - at, at);
    if (n === 0) throw new ControllerFileError(opened.file, `shrank from ${opened.size} to ${at} bytes while being read`);
    at += n;
  }
  if (fs.readSync(opened.fd, new Uint8Array(1), 0, 1, at) !== 0) {
    throw new ControllerFileError(opened.file, `grew beyond ${opened.size} bytes while being read`);
  }
}
