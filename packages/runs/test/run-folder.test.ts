import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockRunFolder, makeDirs, OutputError, replaceRunFolder } from '../src/index.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'hig-folder-'));
const run = (dir: string, seed: number) => {
  mkdirSync(join(dir, 'controllers', 'GD'), { recursive: true });
  writeFileSync(join(dir, 'results.json'), JSON.stringify({ seed }));
  writeFileSync(join(dir, 'controllers', 'GD', 'weights.bin'), String(seed));
};
const seedOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).seed as number;

describe('run folders', () => {
  it('replace the previous run in full, keeping the files the user added', async () => {
    const out = join(fresh(), 'a', 'b', 'run');
    const lock = lockRunFolder(out);
    try {
      await replaceRunFolder(lock, (tmp) => run(tmp, 1));
      writeFileSync(join(out, 'notes.txt'), 'mine');
      await replaceRunFolder(lock, (tmp) => run(tmp, 2));
    } finally {
      lock.release();
    }
    expect(seedOf(out)).toBe(2);
    expect(readFileSync(join(out, 'controllers', 'GD', 'weights.bin'), 'utf8')).toBe('2');
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(join(out, '..')).sort()).toEqual(['run']); // no lock, temporaries or old copies left
  });

  it('refuse a second writer while the first holds the lock, naming the folder', () => {
    const out = join(fresh(), 'run');
    const lock = lockRunFolder(out);
    try {
      expect(() => lockRunFolder(out)).toThrow(OutputError);
      expect(() => lockRunFolder(out)).toThrow(`--out '${out}' is in use by another run (process ${process.pid}`);
    } finally {
      lock.release();
    }
    lockRunFolder(out).release(); // free again
  });

  it('take over the lock of a process that is gone', () => {
    const out = join(fresh(), 'run');
    writeFileSync(`${out}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname() }));
    lockRunFolder(out).release();
    expect(existsSync(`${out}.lock`)).toBe(false);
  });

  it('refuse a folder that holds something other than a run, and leave it alone', () => {
    const out = fresh();
    writeFileSync(join(out, 'thesis.tex'), 'precious');
    expect(() => lockRunFolder(out)).toThrow(`--out '${out}' holds files that are not a run's results (no results.json)`);
    expect(readdirSync(out)).toEqual(['thesis.tex']);
    expect(existsSync(`${out}.lock`)).toBe(false);
  });

  it('undo a swap that a killed process left half done', () => {
    const parent = fresh();
    const out = join(parent, 'run');
    run(`${out}.old-4242`, 7); // the old run moved aside, the new one never moved in
    mkdirSync(`${out}.tmp-4242-1`);
    lockRunFolder(out).release();
    expect(seedOf(out)).toBe(7);
    expect(readdirSync(parent)).toEqual(['run']);
  });

  it('keep the old run when a save fails, put what was written aside, and name the file', async () => {
    const out = join(fresh(), 'run');
    const lock = lockRunFolder(out);
    try {
      await replaceRunFolder(lock, (tmp) => run(tmp, 1));
      const failing = replaceRunFolder(lock, (tmp) => {
        writeFileSync(join(tmp, 'results.json'), JSON.stringify({ seed: 2 }));
        throw new OutputError(join(out, 'loss.png'), `writing ${join(out, 'loss.png')} failed: ENOSPC: no space left on device`);
      });
      await expect(failing).rejects.toThrow(`writing ${join(out, 'loss.png')} failed: ENOSPC: no space left on device; the folder is unchanged, and what was written is in ${out}.incomplete`);
    } finally {
      lock.release();
    }
    expect(seedOf(out)).toBe(1);
    expect(seedOf(`${out}.incomplete`)).toBe(2);
  });

  it('are made without spinning where a recursive mkdir would loop (/proc)', () => {
    if (!existsSync('/proc/self')) return;
    expect(() => makeDirs('/proc/no/such/folder', "--out '/proc/no/such/folder'")).toThrow("--out '/proc/no/such/folder' cannot be created: ENOENT");
  });

  it('refuse a path whose parent is a file', () => {
    const file = join(fresh(), 'file');
    writeFileSync(file, '');
    expect(() => lockRunFolder(join(file, 'run'))).toThrow(`--out '${join(file, 'run')}' cannot be created: ${file} is not a folder`);
  });
});
