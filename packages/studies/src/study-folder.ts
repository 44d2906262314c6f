import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '@hig-lab/core';
import { canonicalJson } from './canonical-json.js';
import type { JsonValue } from './canonical-json.js';
import type { RunSpec } from './run-spec.js';
import type { SweepDefinition } from './sweep-definition.js';
import { SweepError } from './sweep-error.js';
import type { SweepPlan } from './sweep-plan.js';

/** The layout of sweep.json, which says what a study folder holds. */
export interface SweepManifest {
  readonly format: typeof FORMAT;
  readonly definition: SweepDefinition;
  readonly initDigest?: string;
  readonly codeVersion: string;
  readonly createdAt: string;
  readonly runs: readonly { readonly id: string; readonly spec: RunSpec }[];
}

/** A run that ended with an error: failed/ID.json. */
export interface FailureRecord {
  readonly id: string;
  readonly spec: RunSpec;
  readonly initDigest?: string;
  readonly message: string;
  readonly at: string;
}

const FORMAT = 'hig-lab sweep 1';

/**
 * A sweep's `--out` folder:
 *   sweep.json      the definition, its runs and the code version that made them
 *   runs/ID/        a finished run (results.json, results.csv, figures, controllers); a folder
 *                   appears here only whole (renamed into place), so one with results.json is done
 *   partial/ID/     a run stopped in flight (Ctrl-C); it is trained again from the start next time
 *   failed/ID.json  a run that ended with an error, with the message
 *   sweep.lock      the pid of the sweep writing here
 * Opening checks everything before writing anything: a folder holding something else, or
 * another sweep, or runs from another code version, is refused and left as it was.
 */
export class StudyFolder {
  private locked = false;

  private constructor(
    readonly dir: string,
    readonly manifest: SweepManifest,
  ) {}

  static open(dir: string, plan: SweepPlan, codeVersion: string, flag = '--out'): StudyFolder {
    const manifest: SweepManifest = {
      format: FORMAT, definition: plan.definition, initDigest: plan.initDigest, codeVersion,
      createdAt: new Date().toISOString(), runs: plan.runs,
    };
    const existing = readManifest(dir, flag);
    if (existing) checkSameSweep(dir, existing, manifest, flag);
    const folder = new StudyFolder(dir, existing ?? manifest);
    folder.lock(flag);
    if (!existing) writeFileAtomic(join(dir, 'sweep.json'), JSON.stringify(manifest, null, 2) + '\n');
    return folder;
  }

  runDir(id: string): string {
    return join(this.dir, 'runs', id);
  }

  partialDir(id: string): string {
    return join(this.dir, 'partial', id);
  }

  isFinished(id: string): boolean {
    return existsSync(join(this.runDir(id), 'results.json'));
  }

  /** Moves a complete run folder into runs/ID; a run already there wins (the other copy is dropped). */
  installRun(id: string, from: string): void {
    mkdirSync(join(this.dir, 'runs'), { recursive: true });
    if (this.isFinished(id)) {
      rmSync(from, { recursive: true, force: true });
      return;
    }
    rmSync(this.runDir(id), { recursive: true, force: true }); // a folder without results.json is no run
    renameSync(from, this.runDir(id));
    this.clearFailure(id);
  }

  /** Writes a run's files (relative path → bytes) into runs/ID, whole or not at all. */
  installFiles(id: string, files: ReadonlyMap<string, Uint8Array>): void {
    const incoming = join(this.dir, 'runs', `.incoming-${id}-${process.pid}`);
    rmSync(incoming, { recursive: true, force: true });
    for (const [path, data] of files) {
      const target = join(incoming, path);
      if (!target.startsWith(incoming + '/')) throw new Error(`installFiles: run ${id} names a file outside its folder: '${path}'`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, data);
    }
    this.installRun(id, incoming);
  }

  recordFailure(id: string, spec: RunSpec, message: string): void {
    mkdirSync(join(this.dir, 'failed'), { recursive: true });
    const record: FailureRecord = { id, spec, initDigest: this.manifest.initDigest, message, at: new Date().toISOString() };
    writeFileAtomic(join(this.dir, 'failed', `${id}.json`), JSON.stringify(record, null, 2) + '\n');
  }

  clearFailure(id: string): void {
    rmSync(join(this.dir, 'failed', `${id}.json`), { force: true });
  }

  failures(): FailureRecord[] {
    const dir = join(this.dir, 'failed');
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as FailureRecord);
  }

  /** Removes the lock (and partial/ when nothing is left in it); the folder is then free for the next sweep. */
  close(): void {
    if (!this.locked) return;
    const partial = join(this.dir, 'partial');
    if (existsSync(partial) && readdirSync(partial).length === 0) rmSync(partial, { recursive: true, force: true });
    rmSync(join(this.dir, 'sweep.lock'), { force: true });
    this.locked = false;
  }

  private lock(flag: string): void {
    const path = join(this.dir, 'sweep.lock');
    mkdirSync(this.dir, { recursive: true });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
        this.locked = true;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new SweepError(flag, `'${this.dir}' cannot be written: ${(error as Error).message}`);
        const pid = Number(readFileSync(path, 'utf8').trim());
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
          throw new SweepError(flag, `'${this.dir}' is in use by another sweep (process ${pid})`);
        }
        rmSync(path, { force: true }); // left by a sweep that was killed
      }
    }
    throw new SweepError(flag, `'${this.dir}' could not be locked`);
  }
}

function readManifest(dir: string, flag: string): SweepManifest | undefined {
  if (!existsSync(dir)) return undefined;
  const path = join(dir, 'sweep.json');
  if (!existsSync(path)) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch (error) {
      throw new SweepError(flag, `'${dir}' cannot be read: ${(error as Error).message}`);
    }
    if (entries.length > 0) throw new SweepError(flag, `'${dir}' holds other files and no sweep.json; give an empty or new folder`);
    return undefined;
  }
  let manifest: SweepManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as SweepManifest;
  } catch (error) {
    throw new SweepError(flag, `'${path}' cannot be read: ${(error as Error).message}`);
  }
  if (manifest?.format !== FORMAT) throw new SweepError(flag, `'${path}' is not a sweep manifest (format '${String(manifest?.format)}', expected '${FORMAT}')`);
  return manifest;
}

/** Same definition (field by field, normalised) and same code version, or a SweepError saying which differs. */
function checkSameSweep(dir: string, existing: SweepManifest, wanted: SweepManifest, flag: string): void {
  const there = existing.definition as unknown as Record<string, JsonValue>;
  const here = wanted.definition as unknown as Record<string, JsonValue>;
  const differences = [...new Set([...Object.keys(there), ...Object.keys(here)])]
    .map((key) => [key, canonicalJson(there[key] ?? null), canonicalJson(here[key] ?? null)] as const)
    .filter(([, a, b]) => a !== b)
    .map(([key, a, b]) => `${key} ${a} there, ${b} here`);
  if (existing.initDigest !== wanted.initDigest) differences.push('the init-from weights differ');
  if (differences.length > 0) throw new SweepError(flag, `'${dir}' holds a different sweep (${differences.join('; ')}); give another folder`);
  if (existing.codeVersion !== wanted.codeVersion) {
    throw new SweepError(flag, `'${dir}' holds runs made by code version ${existing.codeVersion}, this is ${wanted.codeVersion}; give another folder`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
