import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { OutputError } from './output-error.js';

/**
 * A run's results folder, written so that it never mixes two runs: every save fills a fresh
 * sibling folder and then takes the place of the old one (two renames; an interrupted swap is
 * undone by the next lock), and one process at a time holds a lock on it.
 *
 * Layout beside `dir`: `dir.lock` (while a run writes), `dir.tmp-PID-N` (a save in progress),
 * `dir.old-PID` (the previous save, for the instant of the swap), `dir.incomplete` (what a
 * failed save managed to write, results.json first).
 */

/** Files and folders a save writes; anything else found in the folder is the user's, and kept. */
export const RUN_FILES = new Set(['results.json', 'results.csv', 'loss.svg', 'loss.png', 'trajectory.svg', 'trajectory.png', 'controllers', 'checkpoint.json', 'checkpoint.bin']);

/** The file that marks a folder as a run's. */
const MARKER = 'results.json';

/**
 * Makes `dir` and its missing parents one level at a time (Node's recursive mkdir spins forever
 * under /proc). Errors name `label`, e.g. "--out '/proc/x/y'".
 */
export function makeDirs(dir: string, label = `folder '${dir}'`): void {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    let stat;
    try {
      stat = statSync(at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new OutputError(dir, `${label} cannot be created: ${(error as Error).message}`);
      missing.push(at);
      const parent = dirname(at);
      if (parent === at) break;
      at = parent;
      continue;
    }
    if (!stat.isDirectory()) throw new OutputError(dir, `${label} cannot be created: ${at} is not a folder`);
    break;
  }
  for (const path of missing.reverse()) {
    try {
      mkdirSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(path).isDirectory()) continue;
      throw new OutputError(dir, `${label} cannot be created: ${(error as Error).message}`);
    }
  }
}

/** Whether `dir` is missing, empty, or a folder a run wrote (it holds results.json). */
function isRunFolderOrFree(dir: string): boolean {
  if (!existsSync(dir)) return true;
  const entries = readdirSync(dir);
  return entries.length === 0 || entries.includes(MARKER);
}

/** A held lock on a results folder; `release` is idempotent. */
export interface RunFolderLock {
  readonly dir: string;
  release(): void;
}

/**
 * Takes the lock on `dir` (creating its parent), refusing when another live process holds it
 * or when `dir` holds files that are not a run's; undoes a swap that a killed process left
 * half done, and clears its leftovers. `flag` names the option the folder came from.
 */
export function lockRunFolder(dir: string, flag = '--out'): RunFolderLock {
  const path = resolve(dir);
  makeDirs(dirname(path), `${flag} '${dir}'`);
  const lockFile = `${path}.lock`;
  takeLock(lockFile, dir, flag);
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    rmSync(lockFile, { force: true });
  };
  try {
    recover(path);
    if (existsSync(path) && !statSync(path).isDirectory()) throw new OutputError(dir, `${flag} '${dir}' is a file, not a folder`);
    if (!isRunFolderOrFree(path)) {
      throw new OutputError(dir, `${flag} '${dir}' holds files that are not a run's results (no ${MARKER}); give a new or empty folder, or one hig wrote`);
    }
  } catch (error) {
    release();
    throw error;
  }
  return { dir: path, release };
}

function takeLock(lockFile: string, dir: string, flag: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(lockFile, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new OutputError(dir, `${flag} '${dir}' cannot be locked: ${(error as Error).message}`);
      const holder = readHolder(lockFile);
      if (holder && isAlive(holder)) {
        throw new OutputError(dir, `${flag} '${dir}' is in use by another run (process ${holder.pid} on ${holder.host}); wait for it or choose another folder`);
      }
      rmSync(lockFile, { force: true }); // left by a process that is gone
      continue;
    }
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() }));
    closeSync(fd);
    return;
  }
  throw new OutputError(dir, `${flag} '${dir}' cannot be locked: ${lockFile} keeps reappearing`);
}

function readHolder(lockFile: string): { pid: number; host: string } | null {
  try {
    const holder = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid?: unknown; host?: unknown };
    return typeof holder.pid === 'number' && typeof holder.host === 'string' ? { pid: holder.pid, host: holder.host } : null;
  } catch {
    return null; // half written by a process killed at that moment: stale
  }
}

/** A lock held on another host cannot be checked from here: it counts as alive. */
function isAlive(holder: { pid: number; host: string }): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Puts back a folder moved aside by a swap that did not finish; removes abandoned temporaries. */
function recover(path: string): void {
  const parent = dirname(path);
  const name = basename(path);
  for (const entry of readdirSync(parent)) {
    if (!entry.startsWith(`${name}.`)) continue;
    const rest = entry.slice(name.length + 1);
    const full = join(parent, entry);
    if (rest.startsWith('old-')) {
      if (!existsSync(path)) renameSync(full, path);
      else rmSync(full, { recursive: true, force: true });
    } else if (rest.startsWith('tmp-')) {
      rmSync(full, { recursive: true, force: true });
    }
  }
}

let saves = 0;

/**
 * Replaces the locked folder by what `fill` writes into a fresh one. The user's own files in the
 * old folder are carried over. If `fill` fails, the old folder stays as it was, and what was
 * written (results.json comes first) is kept in `dir.incomplete`; the error names the file.
 */
export async function replaceRunFolder(lock: RunFolderLock, fill: (tmp: string) => Promise<void> | void): Promise<void> {
  const path = lock.dir;
  const tmp = `${path}.tmp-${process.pid}-${++saves}`;
  makeDirs(tmp);
  try {
    await fill(tmp);
  } catch (error) {
    const kept = keepIncomplete(tmp, path);
    const reason = error instanceof OutputError ? error.message : `saving into '${path}' failed: ${(error as Error).message}`;
    throw new OutputError(path, `${reason}${kept ? `; the folder is unchanged, and what was written is in ${kept}` : '; the folder is unchanged'}`);
  }
  if (!existsSync(path)) {
    renameSync(tmp, path);
    return;
  }
  for (const entry of readdirSync(path)) if (!RUN_FILES.has(entry) && !existsSync(join(tmp, entry))) renameSync(join(path, entry), join(tmp, entry));
  const old = `${path}.old-${process.pid}`;
  renameSync(path, old);
  renameSync(tmp, path);
  rmSync(old, { recursive: true, force: true });
}

/** Keeps a failed save's files as `path.incomplete` when results.json made it; returns that path or null. */
function keepIncomplete(tmp: string, path: string): string | null {
  const incomplete = `${path}.incomplete`;
  try {
    rmSync(incomplete, { recursive: true, force: true });
    if (existsSync(join(tmp, MARKER))) {
      renameSync(tmp, incomplete);
      return incomplete;
    }
    rmSync(tmp, { recursive: true, force: true });
  } catch {
    // Best effort on a failing disk; the error being reported matters more.
  }
  return null;
}
