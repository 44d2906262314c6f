import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MethodName } from '@hig-lab/core';
import { localExecutor } from './local-executor.js';
import { ProgressPrinter } from './progress-printer.js';
import type { ProgressStream } from './progress-printer.js';
import { QueueExecutor } from './queue-executor.js';
import { checkRedis } from './redis-target.js';
import type { RedisTarget } from './redis-target.js';
import type { RunEvent, RunExecutor, RunOutcome, RunTask } from './run-events.js';
import { packFiles } from './run-files.js';
import { RunProcesses } from './run-processes.js';
import { runPool } from './run-pool.js';
import { StudyFolder } from './study-folder.js';
import { writeStudyReport } from './study-report.js';
import type { StudySummary } from './study-summary.js';
import { SweepProgress } from './sweep-progress.js';
import type { SweepPlan } from './sweep-plan.js';

export interface SweepRunOptions {
  readonly plan: SweepPlan;
  readonly outDir: string;
  /** The experiment's code version, recorded in sweep.json and checked by queue workers. */
  readonly codeVersion: string;
  /** Runs at a time in the local pool. */
  readonly workers: number;
  /** Put the runs on this Redis's queue instead, for `hig worker`s to take. */
  readonly queue?: RedisTarget;
  readonly progress: ProgressStream;
  /** Abort: no new runs; runs in flight stop (locally) or finish for the next sweep (queue). */
  readonly signal?: AbortSignal;
  /** Every event of every run, as it arrives (for a view of one's own). */
  readonly onRunEvent?: (task: RunTask, event: RunEvent) => void;
}

export interface SweepOutcome {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly interrupted: boolean;
  readonly report: { readonly summary: StudySummary; readonly table: string; readonly paths: readonly string[] } | null;
}

/**
 * `hig sweep`: opens (or resumes) the study folder, trains every run not finished there, in the
 * local pool or through the queue, records failures, and writes the report. Everything that can
 * be refused (an unreachable queue, a folder holding something else) is refused before anything
 * is written.
 */
export async function runSweep(options: SweepRunOptions): Promise<SweepOutcome> {
  const { plan, outDir, queue } = options;
  if (queue) await checkRedis(queue);
  const folder = StudyFolder.open(outDir, plan, options.codeVersion);
  let executor: { execute: RunExecutor; close(): Promise<void> } | undefined;
  try {
    const pending = plan.runs.filter((run) => !folder.isFinished(run.id));
    const progress = new SweepProgress(plan.runs.length, plan.runs.length - pending.length, queue ? null : options.workers, plan.definition.budget);
    for (const run of plan.runs) if (folder.isFinished(run.id)) noteBest(progress, folder.runDir(run.id), run.spec.methods[0] as MethodName);
    const printer = new ProgressPrinter(progress, options.progress);
    const where = queue ? `the queue at ${queue.url}` : `${options.workers} worker${options.workers === 1 ? '' : 's'}`;
    printer.say(`sweep ${plan.definition.experiment}: ${plan.runs.length} runs, ${plan.runs.length - pending.length} done before, ${pending.length} to train on ${where} → ${outDir}`);
    executor = await executorFor(options, folder, pending.length);
    const outcomes = await runPool(pending, {
      workers: queue ? Math.max(1, pending.length) : options.workers,
      execute: executor.execute,
      signal: options.signal,
      listener: {
        onEvent: (task, event) => {
          printer.event(task, event);
          options.onRunEvent?.(task, event);
        },
        onFinish: (task, outcome) => {
          if (outcome.status === 'failed') folder.recordFailure(task.id, task.spec, outcome.message);
          printer.finish(task, outcome);
        },
      },
    });
    printer.close();
    const interrupted = options.signal?.aborted ?? false;
    if (interrupted) printer.say(interruptedNote(outcomes, queue !== undefined));
    const failed = [...outcomes.values()].filter((o) => o.status === 'failed').length;
    const done = plan.runs.filter((run) => folder.isFinished(run.id)).length;
    const report = done + failed > 0 ? writeStudyReport([outDir], outDir) : null;
    return { total: plan.runs.length, done, failed, interrupted, report };
  } finally {
    await executor?.close();
    folder.close();
  }
}

/** The local pool's executor (with run processes loaded ahead on idle cores), or the queue's. */
async function executorFor(options: SweepRunOptions, folder: StudyFolder, runs: number): Promise<{ execute: RunExecutor; close(): Promise<void> }> {
  const { plan, queue } = options;
  if (!queue) {
    const processes = RunProcesses.forWorkers(options.workers, runs);
    const extra = { workers: options.workers, ...(plan.initDigest ? { initDigest: plan.initDigest } : {}) };
    return { execute: localExecutor(folder, extra, processes), close: async () => processes.close() };
  }
  const init = plan.definition.initFrom === undefined ? undefined : packFiles(plan.definition.initFrom);
  const queueExecutor = new QueueExecutor(queue, folder, { codeVersion: options.codeVersion, init, initDigest: plan.initDigest });
  try {
    await queueExecutor.start();
  } catch (error) {
    await queueExecutor.close();
    throw error;
  }
  return { execute: queueExecutor.execute, close: () => queueExecutor.close() };
}

function interruptedNote(outcomes: ReadonlyMap<string, RunOutcome>, queued: boolean): string {
  if (queued) return 'interrupted: runs not yet taken are off the queue; runs in flight finish and wait in Redis for the next sweep';
  const stopped = [...outcomes.values()].filter((o) => o.status === 'stopped').length;
  return `interrupted: ${stopped} run${stopped === 1 ? '' : 's'} in flight stopped (kept in partial/, continued next time); finished runs are kept`;
}

/** The best train loss of a run finished before, for the progress line. */
function noteBest(progress: SweepProgress, dir: string, method: MethodName): void {
  try {
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { methods: Record<string, { epochs: { trainLoss: number }[] }> };
    for (const r of results.methods[method]?.epochs ?? []) progress.noteLoss(method, r.trainLoss);
  } catch {
    // An unreadable file is the report's to name.
  }
}
