import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { MethodName } from '@hig-lab/core';
import type { TimedLoss } from './loss-at.js';
import type { RunSpec } from './run-spec.js';
import type { FailureRecord } from './study-folder.js';
import { SweepError } from './sweep-error.js';

/** One method's curve from one results.json: what statistics are taken over. */
export interface MethodCurve {
  /** The folder given to the report this came from, as labelled in overlays. */
  readonly source: string;
  readonly file: string;
  readonly experiment: string;
  readonly runId: string;
  readonly method: MethodName;
  readonly seed: number;
  /** The run's `--set` overrides ({} for a results file made without a run spec). */
  readonly set: Readonly<Record<string, string>>;
  /** Budget, route and warm start: the rest of what defines a run, for grouping. */
  readonly rest: string;
  readonly status: string;
  readonly epochs: readonly TimedLoss[];
}

/** A run recorded as failed (failed/ID.json), with the definition to place it. */
export interface FailedRun {
  readonly source: string;
  readonly runId: string;
  readonly method: MethodName;
  readonly seed: number;
  readonly set: Readonly<Record<string, string>>;
  readonly rest: string;
  readonly message: string;
}

/** The fields of results.json a study reads (written by @hig-lab/runs). */
interface ResultsJson {
  readonly experiment: string;
  readonly seed: number;
  readonly run?: RunSpec;
  readonly runId?: string;
  /** The warm start's weights (recorded by sweeps; its path differs between machines). */
  readonly initDigest?: string;
  readonly methods: Readonly<Record<string, { readonly status: string; readonly epochs: readonly TimedLoss[] }>>;
}

/**
 * Every run in the given folders: a study folder (runs/ID/results.json, failed/ID.json), a
 * folder of `hig run` outputs (NAME/results.json), or one run's folder (results.json). Each
 * method of a results file is one curve. A folder with none is a SweepError naming it.
 */
export function loadStudyRuns(dirs: readonly string[]): { curves: MethodCurve[]; failed: FailedRun[] } {
  if (dirs.length === 0) throw new SweepError('report', 'name at least one folder');
  const labels = sourceLabels(dirs);
  const curves: MethodCurve[] = [];
  const failed: FailedRun[] = [];
  dirs.forEach((dir, i) => {
    const source = labels[i] as string;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new SweepError('report', `'${dir}' is not a folder`);
    const files = resultFiles(dir);
    const failures = failureFiles(dir);
    if (files.length === 0 && failures.length === 0) {
      throw new SweepError('report', `'${dir}' holds no results.json (looked in it, in runs/*/ and in */)`);
    }
    for (const file of files) curves.push(...curvesOf(source, file));
    for (const file of failures) failed.push(failureOf(source, file));
  });
  return { curves, failed };
}

function resultFiles(dir: string): string[] {
  const direct = join(dir, 'results.json');
  if (existsSync(direct)) return [direct];
  const found: string[] = [];
  for (const parent of [join(dir, 'runs'), dir]) {
    if (!existsSync(parent)) continue;
    for (const name of readdirSync(parent).sort()) {
      if (name.startsWith('.') || name === 'partial' || name === 'runs') continue;
      const file = join(parent, name, 'results.json');
      if (existsSync(file)) found.push(file);
    }
  }
  return found;
}

function failureFiles(dir: string): string[] {
  const failedDir = join(dir, 'failed');
  if (!existsSync(failedDir)) return [];
  return readdirSync(failedDir).filter((f) => f.endsWith('.json')).sort().map((f) => join(failedDir, f));
}

function curvesOf(source: string, file: string): MethodCurve[] {
  const results = readJson(file) as ResultsJson;
  if (typeof results?.methods !== 'object' || results.methods === null) throw new SweepError('report', `'${file}' has no methods`);
  const run = results.run;
  const runId = results.runId ?? basename(resolve(file, '..'));
  return Object.entries(results.methods).map(([method, m]) => {
    if (!Array.isArray(m?.epochs)) throw new SweepError('report', `'${file}': methods.${method}.epochs must be a list`);
    return {
      source, file, experiment: results.experiment, runId, method: method as MethodName, seed: results.seed, set: run?.set ?? {}, rest: restOf(run, results.initDigest),
      status: m.status, epochs: [...m.epochs].sort((a, b) => a.time - b.time),
    };
  });
}

function failureOf(source: string, file: string): FailedRun {
  const record = readJson(file) as FailureRecord;
  const method = record.spec?.methods?.[0];
  if (!method) throw new SweepError('report', `'${file}' is not a failure record (no spec.methods)`);
  return { source, runId: record.id, method, seed: record.spec.seed, set: record.spec.set, rest: restOf(record.spec, record.initDigest), message: record.message };
}

/** Budget, route and warm start as one comparable string. */
function restOf(run: RunSpec | undefined, initDigest: string | undefined): string {
  if (!run) return '';
  const init = initDigest ?? run.initFrom ?? null;
  return JSON.stringify([run.budget?.maxTime ?? null, run.budget?.maxEpochs ?? null, run.budget?.targetLoss ?? null, run.route ?? 'gram', init]);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SweepError('report', `'${file}' cannot be read: ${(error as Error).message}`);
  }
}

/** Folder names as labels; the path as given where two names are the same. */
function sourceLabels(dirs: readonly string[]): string[] {
  const names = dirs.map((d) => basename(resolve(d)));
  return names.map((name, i) => (names.indexOf(name) === names.lastIndexOf(name) ? name : (dirs[i] as string)));
}
