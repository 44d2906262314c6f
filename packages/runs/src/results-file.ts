import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MethodConfig, MethodName } from '@hig-lab/core';
import type { EpochRecord, MethodStatus, SessionResult } from '@hig-lab/optimizers-gd-sip-hig';
import { OutputError } from './output-error.js';
import type { RunSpec } from './run-spec.js';

/** The layout of results.json. */
export interface ResultsFile {
  readonly experiment: string;
  readonly title: string;
  readonly seed: number;
  readonly backend: string;
  readonly createdAt: string;
  /** The code that made it: see `codeVersion`. */
  readonly codeVersion: string;
  /** What the run was made from. */
  readonly run: RunSpec;
  /** Effective experiment parameters, overrides applied. */
  readonly parameters: Readonly<Record<string, number>>;
  readonly wallTime: number;
  readonly methods: Readonly<Partial<Record<MethodName, MethodResult>>>;
  /** Whatever the caller recorded besides (a sweep: its run id and worker count). */
  readonly [extra: string]: unknown;
}

export interface MethodResult {
  readonly config: MethodConfig;
  readonly status: MethodStatus;
  readonly reason?: string;
  readonly epochs: readonly EpochRecord[];
}

export interface ResultsMeta {
  readonly title: string;
  readonly backend: string;
  readonly codeVersion: string;
  readonly run: RunSpec;
  readonly extra?: Readonly<Record<string, unknown>>;
}

export function toResultsFile(result: SessionResult, meta: ResultsMeta): ResultsFile {
  const methods: Partial<Record<MethodName, MethodResult>> = {};
  for (const m of result.methods) methods[m.name] = { config: m.config, status: m.status, reason: m.reason, epochs: m.epochs };
  return {
    experiment: result.experiment,
    title: meta.title,
    seed: result.seed,
    backend: meta.backend,
    createdAt: new Date().toISOString(),
    codeVersion: meta.codeVersion,
    run: meta.run,
    parameters: result.parameters,
    wallTime: result.wallTime,
    methods,
    ...meta.extra,
  };
}

/** One row per method and epoch: method,epoch,time,wallTime,trainLoss,testLoss. */
export function toCsv(results: ResultsFile): string {
  const rows = ['method,epoch,time,wallTime,trainLoss,testLoss'];
  for (const [name, m] of Object.entries(results.methods)) {
    for (const r of m?.epochs ?? []) rows.push([name, r.epoch, r.time, r.wallTime, r.trainLoss, r.testLoss].join(','));
  }
  return rows.join('\n') + '\n';
}

/** Reads DIR/results.json; a missing or malformed file is an OutputError naming it. */
export function readResults(dir: string): ResultsFile {
  const file = join(dir, 'results.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new OutputError(file, code === 'ENOENT' ? `${file} is missing` : `${file} cannot be read: ${(error as Error).message}`);
  }
  const r = parsed as Partial<ResultsFile> | null;
  if (typeof r !== 'object' || r === null || typeof r.experiment !== 'string' || typeof r.methods !== 'object' || r.methods === null) {
    throw new OutputError(file, `${file} is not a results file (it needs "experiment" and "methods")`);
  }
  return r as ResultsFile;
}
