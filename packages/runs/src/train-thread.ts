import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { MemoryBudgetError } from '@hig-lab/optimizers-gd-sip-hig';
import type { MethodRunState, SessionEvent, SessionOptions } from '@hig-lab/optimizers-gd-sip-hig';
import type { PreparedRun } from './prepared-run.js';
import { toResultsFile } from './results-file.js';
import type { ResultsMeta } from './results-file.js';
import type { RunSnapshot } from './save-session.js';
import { TRAJECTORY_SAMPLES } from './save-session.js';
import type { SnapshotWriter } from './snapshot-writer.js';
import type { ThreadSnapshot, ToMain, ToWorker } from './train-thread-messages.js';
import { UsageError } from './usage-error.js';

/** How long a stop request may go unanswered (a batch under way) before the thread is abandoned. */
const STOP_GRACE_MS = 1000;
const ABANDONED = 'interrupted (the batch under way was abandoned)';

export interface ThreadRun {
  /** The experiment package's module, loaded again in the thread. */
  readonly entry: string;
  readonly set: Readonly<Record<string, string>>;
  readonly prepared: PreparedRun;
  readonly session: Omit<SessionOptions, 'experiment'>;
  readonly meta: ResultsMeta;
  readonly checkpointEvery: number;
  readonly writer: SnapshotWriter;
  readonly onEvent?: (event: SessionEvent) => void;
  readonly signal?: AbortSignal;
}

/**
 * Trains in a worker thread and hands its checkpoints to `writer`; resolves with the final
 * snapshot. A stop (the signal) is answered within about a second whatever a batch costs: if the
 * thread does not reach a batch boundary by then, it is terminated and the run ends with the
 * last state it sent, the batch under way given up (checkpoints follow every slow batch).
 */
export function trainInThread(run: ThreadRun): Promise<RunSnapshot> {
  const worker = new Worker(workerFile());
  let latest: ThreadSnapshot | null = null;
  let settled = false;
  let graceTimer: NodeJS.Timeout | undefined;
  const toSnapshot = (s: ThreadSnapshot): RunSnapshot => ({ experiment: run.prepared.experiment, results: toResultsFile(s.result, run.meta), states: s.states, test: s.test });
  return new Promise<RunSnapshot>((resolve, reject) => {
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(graceTimer);
      run.signal?.removeEventListener('abort', stop);
      void worker.terminate();
      outcome();
    };
    const abandon = (reason: string): void => finish(() => (latest ? resolve(toSnapshot(ended(latest, 'stopped', reason))) : reject(new Error(`the run was stopped before it started training (${reason})`))));
    const stop = (): void => {
      post({ type: 'stop', reason: typeof run.signal?.reason === 'string' ? run.signal.reason : 'interrupted' });
      graceTimer ??= setTimeout(() => abandon(ABANDONED), STOP_GRACE_MS);
    };
    const post = (message: ToWorker): void => worker.postMessage(message);
    worker.on('message', (message: ToMain) => {
      switch (message.type) {
        case 'started':
          if (run.signal?.aborted) stop();
          break;
        case 'event':
          run.onEvent?.(message.event);
          break;
        case 'snapshot':
          latest = message.snapshot;
          run.writer.offer(toSnapshot(latest));
          break;
        case 'stopping':
          clearTimeout(graceTimer);
          break;
        case 'done':
          finish(() => resolve(toSnapshot(message.snapshot)));
          break;
        case 'error':
          finish(() => reject(threadError(message)));
          break;
      }
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => {
      // Ran out of memory or was killed from inside: what was sent is kept, the active methods marked failed.
      if (latest) finish(() => resolve(toSnapshot(ended(latest!, 'failed', `the training thread ended unexpectedly (exit code ${code})`))));
      else finish(() => reject(new Error(`the training thread ended unexpectedly (exit code ${code})`)));
    });
    run.signal?.addEventListener('abort', stop);
    post({ type: 'start', entry: run.entry, set: run.set, session: run.session, checkpointEvery: run.checkpointEvery, trajectorySamples: TRAJECTORY_SAMPLES });
  });
}

/** The snapshot with every method that was still training ended as `status`, for `reason`. */
function ended(s: ThreadSnapshot, status: 'stopped' | 'failed', reason: string): ThreadSnapshot {
  const active = (st: string) => st === 'waiting' || st === 'running' || st === 'paused';
  return {
    ...s,
    result: { ...s.result, methods: s.result.methods.map((m) => (active(m.status) ? { ...m, status, reason } : m)) },
    states: s.states.map((st): MethodRunState => (active(st.status) ? { ...st, status, reason } : st)),
  };
}

/** Errors of the thread's set-up that are the user's settings become usage errors, as in process. */
function threadError({ name, message }: { name: string; message: string }): Error {
  if (name === 'ParameterError' || name === MemoryBudgetError.name) return new UsageError('--set', message);
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * The compiled worker beside this module, or, when this module runs from its TypeScript sources
 * (the tests), the one the package's build put in dist/ (its tests depend on its own build).
 */
function workerFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'train-worker.js');
  return existsSync(beside) ? beside : join(here, '..', 'dist', 'train-worker.js');
}
