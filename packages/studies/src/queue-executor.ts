import { Queue, QueueEvents } from 'bullmq';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RunEvent, RunExecutor, RunOutcome, RunTask } from './run-events.js';
import { filesKey, QUEUE_NAME, QUEUE_PREFIX } from './queue-jobs.js';
import type { RunJobData, RunJobResult } from './queue-jobs.js';
import { redisClient } from './redis-target.js';
import type { RedisTarget } from './redis-target.js';
import type { PackedFiles } from './run-files.js';
import { unpackFiles } from './run-files.js';
import type { StudyFolder } from './study-folder.js';

/** How often the sweep also asks Redis for the state of its runs, in case an event was missed. */
const POLL_MS = 10_000;

interface Waiter {
  readonly task: RunTask;
  readonly onEvent: (event: RunEvent) => void;
  readonly resolve: (outcome: RunOutcome) => void;
}

/**
 * A sweep's side of the queue: each task becomes a BullMQ job whose id is the run id (so a
 * run is on the queue at most once, whoever adds it), and resolves when a worker has finished
 * it and its files are in the study folder. A job the queue already holds is not added again:
 * a finished one is collected at once (its sweep may have been stopped meanwhile), a failed one
 * is tried again, a waiting or active one is waited for. Aborting removes the task's job if
 * no worker has taken it yet; runs in flight finish and wait in Redis for the next sweep.
 */
export class QueueExecutor {
  private readonly queue: Queue<RunJobData, RunJobResult>;
  private readonly events: QueueEvents;
  private readonly redis: Redis;
  private readonly waiters = new Map<string, Waiter>();
  private readonly collecting = new Set<string>();
  private poller: NodeJS.Timeout | undefined;

  constructor(
    target: RedisTarget,
    private readonly folder: StudyFolder,
    private readonly job: { readonly codeVersion: string; readonly init?: PackedFiles; readonly initDigest?: string },
  ) {
    const connection = { ...target.options };
    this.queue = new Queue(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
    this.events = new QueueEvents(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
    this.redis = redisClient(target);
    this.queue.on('error', () => undefined);
    this.events.on('error', () => undefined);
    this.events.on('active', ({ jobId }) => this.waiters.get(jobId)?.onEvent({ type: 'started' }));
    this.events.on('progress', ({ jobId, data }) => this.waiters.get(jobId)?.onEvent(data as RunEvent));
    this.events.on('completed', ({ jobId }) => void this.collect(jobId));
    this.events.on('failed', ({ jobId, failedReason }) => void this.fail(jobId, failedReason));
  }

  /** Connects; events are listened to before any job is added, so none is missed. */
  async start(): Promise<void> {
    await Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady()]);
    this.poller = setInterval(() => void this.poll(), POLL_MS);
  }

  readonly execute: RunExecutor = (task, hooks) =>
    new Promise<RunOutcome>((resolve) => {
      const onAbort = (): void => void this.withdraw(task.id);
      const done = (outcome: RunOutcome): void => {
        hooks.signal.removeEventListener('abort', onAbort);
        this.waiters.delete(task.id);
        resolve(outcome);
      };
      this.waiters.set(task.id, { task, onEvent: hooks.onEvent, resolve: done });
      hooks.signal.addEventListener('abort', onAbort, { once: true });
      this.enqueue(task).catch((error: Error) => done({ status: 'failed', message: `the queue refused run ${task.id}: ${error.message}` }));
    });

  async close(): Promise<void> {
    clearInterval(this.poller);
    await Promise.allSettled([this.events.close(), this.queue.close()]);
    this.redis.disconnect();
  }

  private async enqueue(task: RunTask): Promise<void> {
    const existing = await this.queue.getJob(task.id);
    if (existing) {
      const state = await existing.getState();
      if (state === 'completed') return this.collect(task.id);
      if (state === 'active') this.waiters.get(task.id)?.onEvent({ type: 'started' });
      if (state !== 'failed') return;
      await existing.remove();
    }
    const data: RunJobData = { runId: task.id, spec: task.spec, ...this.job };
    await this.queue.add('run', data, { jobId: task.id, attempts: 1, removeOnComplete: false, removeOnFail: false });
  }

  /** Moves a finished job's files into the study folder, then drops them and the job from Redis. */
  private async collect(id: string): Promise<void> {
    const waiter = this.waiters.get(id);
    if (!waiter || this.collecting.has(id)) return;
    this.collecting.add(id);
    try {
      const job = await this.queue.getJob(id);
      const result = job?.returnvalue;
      const packed = result ? await this.redis.get(result.filesKey) : null;
      if (!job || !result || packed === null) {
        await job?.remove();
        return waiter.resolve({ status: 'failed', message: `run ${id} finished but its files are no longer in Redis` });
      }
      this.folder.installFiles(id, unpackFiles(JSON.parse(packed) as PackedFiles));
      await this.redis.del(filesKey(id));
      await job.remove();
      waiter.resolve({ status: 'done', final: result.final });
    } catch (error) {
      waiter.resolve({ status: 'failed', message: `run ${id} could not be collected: ${(error as Error).message}` });
    } finally {
      this.collecting.delete(id);
    }
  }

  private async fail(id: string, reason: string): Promise<void> {
    const waiter = this.waiters.get(id);
    if (!waiter) return;
    waiter.resolve({ status: 'failed', message: reason });
    await (await this.queue.getJob(id))?.remove().catch(() => undefined);
  }

  /** A job no worker has taken is removed; one in flight is left to finish. */
  private async withdraw(id: string): Promise<void> {
    const waiter = this.waiters.get(id);
    try {
      const job = await this.queue.getJob(id);
      const state = job ? await job.getState() : 'unknown';
      if (job && (state === 'waiting' || state === 'delayed' || state === 'prioritized')) await job.remove();
    } catch {
      // Taken meanwhile: it finishes and waits in Redis.
    }
    waiter?.resolve({ status: 'stopped' });
  }

  /** The safety net for missed events: finished, failed and vanished jobs. */
  private async poll(): Promise<void> {
    for (const id of [...this.waiters.keys()]) {
      let job: Job<RunJobData, RunJobResult> | undefined;
      try {
        job = await this.queue.getJob(id);
        const state = job ? await job.getState() : 'unknown';
        if (state === 'completed') await this.collect(id);
        else if (state === 'failed') await this.fail(id, job?.failedReason ?? 'failed');
        else if (state === 'unknown' && !this.collecting.has(id)) {
          const waiter = this.waiters.get(id);
          if (waiter) await this.enqueue(waiter.task);
        }
      } catch {
        return; // Redis is away; the next poll tries again
      }
    }
  }
}
