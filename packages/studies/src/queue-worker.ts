import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import type { RunEvent } from './run-events.js';
import { filesKey, QUEUE_NAME, QUEUE_PREFIX, RESULT_TTL_SECONDS } from './queue-jobs.js';
import type { RunJobData, RunJobResult } from './queue-jobs.js';
import { redisClient } from './redis-target.js';
import type { RedisTarget } from './redis-target.js';
import { packFiles, writePackedFiles } from './run-files.js';
import { RunProcesses } from './run-processes.js';
import { trainInChild } from './train-in-child.js';

export interface QueueWorkerOptions {
  /** Runs trained side by side, each in a process of its own. */
  readonly concurrency: number;
  /** This machine's version of an experiment's code (throws for an experiment it does not have). */
  readonly codeVersion: (experiment: string) => string;
  /**
   * Seconds a run's lock lasts without renewal: a worker that dies (kill -9, machine lost)
   * has its runs taken by another worker after about 1.5 times this.
   */
  readonly stallTimeout: number;
  readonly log: (line: string) => void;
}

/** Progress goes to Redis at most this often per run (ms). */
const PROGRESS_EVERY = 1000;
/** A run may be found stalled (its worker gone) this often before it is failed. */
const MAX_STALLED = 2;

/**
 * `hig worker`: takes runs from the queue and trains each in a process of its own (the
 * worker's own event loop stays free to renew the runs' locks), then leaves the run's files in
 * Redis for the sweep. A run made by another version of the experiment's code is refused with
 * both versions named; a run whose training fails is failed with its message and not retried.
 * `stop()` hands runs in flight back to the queue and closes.
 */
export class QueueWorker {
  private readonly worker: Worker<RunJobData, RunJobResult>;
  private readonly redis;
  private readonly stopping = new AbortController();
  private readonly processes: RunProcesses;

  constructor(
    target: RedisTarget,
    private readonly options: QueueWorkerOptions,
  ) {
    this.redis = redisClient(target);
    this.processes = RunProcesses.forWorkers(options.concurrency);
    const lockDuration = Math.round(options.stallTimeout * 1000);
    this.worker = new Worker<RunJobData, RunJobResult>(QUEUE_NAME, (job, token) => this.process(job, token), {
      connection: { ...target.options },
      prefix: QUEUE_PREFIX,
      concurrency: options.concurrency,
      lockDuration,
      stalledInterval: Math.max(500, Math.round(lockDuration / 2)),
      maxStalledCount: MAX_STALLED,
      name: `${hostname()}:${process.pid}`,
    });
    this.worker.on('error', (error) => options.log(`queue error: ${error.message}`));
    this.worker.on('stalled', (id) => options.log(`run ${id} stalled (its worker is gone); it goes back to the queue`));
  }

  async ready(): Promise<void> {
    await this.worker.waitUntilReady();
  }

  /** Hands the runs in flight back to the queue and disconnects. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.processes.close();
    await this.worker.close();
    this.redis.disconnect();
  }

  private async process(job: Job<RunJobData, RunJobResult>, token: string | undefined): Promise<RunJobResult> {
    const { runId, spec, codeVersion: made } = job.data;
    let mine: string;
    try {
      mine = this.options.codeVersion(spec.experiment);
    } catch (error) {
      throw new UnrecoverableError(`this worker cannot train experiment '${spec.experiment}': ${(error as Error).message}`);
    }
    if (mine !== made) throw new UnrecoverableError(`run ${runId} was made by code version ${made}, this worker has ${mine}`);
    const scratch = mkdtempSync(join(tmpdir(), 'hig-worker-'));
    try {
      let initFrom = spec.initFrom;
      if (job.data.init) {
        initFrom = join(scratch, 'init');
        writePackedFiles(initFrom, job.data.init);
      }
      this.options.log(`run ${runId}: training`);
      const result = await trainInChild({ id: runId, spec: { ...spec, initFrom } }, join(scratch, 'run'), {
        onEvent: throttled((event) => void job.updateProgress(event).catch(() => undefined)),
        signal: this.stopping.signal,
        extra: { workers: this.options.concurrency, worker: hostname(), ...(job.data.initDigest ? { initDigest: job.data.initDigest } : {}) },
      }, this.processes.take());
      if (result.kind === 'error') throw new UnrecoverableError(result.message);
      if (result.kind === 'interrupted') {
        await job.moveToWait(token);
        throw new WaitingError();
      }
      const key = filesKey(runId);
      await this.redis.set(key, JSON.stringify(packFiles(join(scratch, 'run'))), 'EX', RESULT_TTL_SECONDS);
      this.options.log(`run ${runId}: done`);
      return { filesKey: key, final: result.final };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
}

/** Passes 'started' and the latest other event at most every PROGRESS_EVERY ms. */
function throttled(send: (event: RunEvent) => void): (event: RunEvent) => void {
  let last = 0;
  return (event) => {
    const now = performance.now();
    if (event.type !== 'started' && now - last < PROGRESS_EVERY) return;
    last = now;
    send(event);
  };
}
