import type { MethodConfig, MethodName } from '@hig-lab/core';
import type { EpochRecord, MethodStatus, SessionResult } from '@hig-lab/optimizers-gd-sip-hig';

/** The layout of results.json. */
export interface ResultsFile {
  readonly experiment: string;
  readonly title: string;
  readonly seed: number;
  readonly backend: string;
  readonly createdAt: string;
  /** Effective experiment parameters, overrides applied. */
  readonly parameters: Readonly<Record<string, number>>;
  readonly wallTime: number;
  readonly methods: Readonly<Partial<Record<MethodName, MethodResult>>>;
}

export interface MethodResult {
  readonly config: MethodConfig;
  readonly status: MethodStatus;
  readonly reason?: string;
  readonly epochs: readonly EpochRecord[];
}

export function toResultsFile(result: SessionResult, meta: { title: string; backend: string }): ResultsFile {
  const methods: Partial<Record<MethodName, MethodResult>> = {};
  for (const m of result.methods) methods[m.name] = { config: m.config, status: m.status, reason: m.reason, epochs: m.epochs };
  return {
    experiment: result.experiment,
    title: meta.title,
    seed: result.seed,
    backend: meta.backend,
    createdAt: new Date().toISOString(),
    parameters: result.parameters,
    wallTime: result.wallTime,
    methods,
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
