import { instantiate, ParameterError } from '@hig-lab/core';
import type { Registry } from '@hig-lab/core';
import { MemoryBudgetError, Session } from '@hig-lab/optimizers-gd-sip-hig';
import type { MethodRunState, SessionEvent, SessionOptions } from '@hig-lab/optimizers-gd-sip-hig';
import { startWorkerPool } from '@hig-lab/kernels';
import { CheckpointClock } from './checkpoint-clock.js';
import { readCheckpoint } from './checkpoint.js';
import { codeVersion } from './code-version.js';
import type { ResultsFile, ResultsMeta } from './results-file.js';
import { lockRunFolder } from './run-folder.js';
import type { RunFolderLock } from './run-folder.js';
import type { RunSpec } from './run-spec.js';
import { prepareRun } from './prepared-run.js';
import type { PreparedRun } from './prepared-run.js';
import { snapshotSession } from './save-session.js';
import type { RunSnapshot, SaveOptions } from './save-session.js';
import { SnapshotWriter } from './snapshot-writer.js';
import { trainInThread } from './train-thread.js';
import { UsageError } from './usage-error.js';

export interface TrainRunOptions {
  /** The run folder (locked while the run writes it). */
  readonly outDir: string;
  readonly registry: Registry;
  /**
   * The tfjs backend in use, recorded in results.json. A promise lets tfjs load on this thread
   * while training starts in its own (tfjs is needed only to write the controllers).
   */
  readonly backend: string | Promise<string>;
  /** Epochs, progress and status of the session, as they happen. */
  readonly onEvent?: (event: SessionEvent) => void;
  /** Aborting stops training and saves what was done; the outcome is then `interrupted`. */
  readonly signal?: AbortSignal;
  /** Continue from the checkpoint in outDir (the spec's budget may be larger than before). */
  readonly resume?: boolean;
  /** Training seconds between checkpoints (default 30); the last is written at the end. */
  readonly checkpointEvery?: number;
  /** Recorded in results.json besides the usual fields (a sweep: run id and worker count). */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** The flag the methods came from, for messages (default --methods). */
  readonly methodsFlag?: string;
  /** How the files are written (the loss figure's x axis). */
  readonly save?: SaveOptions;
  /**
   * Train in a worker thread (default, for experiments that are packages), so that signals and
   * saves are answered while a batch is computed; false trains on this thread.
   */
  readonly thread?: boolean;
  /** Threads for the work that splits (HIG's sensitivities, Gram and eigen step); default 1. Results do not depend on it. */
  readonly threads?: number;
}

export interface RunOutcome {
  readonly results: ResultsFile;
  readonly interrupted: boolean;
  /** The files of the last save. */
  readonly paths: readonly string[];
}

/**
 * Trains a run headless and writes its folder: the one code path behind `hig run`,
 * `hig compare`, a sweep's run and a queue worker's run, so that equal specs give equal losses.
 * The folder is locked first (a second run into it is refused), then written atomically at
 * every checkpoint and at the end; an abort stops training, and what was done is saved.
 */
export async function trainRun(spec: RunSpec, options: TrainRunOptions): Promise<RunOutcome> {
  const lock = lockRunFolder(options.outDir);
  try {
    return await trainLocked(spec, options, lock);
  } finally {
    lock.release();
  }
}

async function trainLocked(requested: RunSpec, options: TrainRunOptions, lock: RunFolderLock): Promise<RunOutcome> {
  const { registry } = options;
  let spec = requested;
  let resume: MethodRunState[] | undefined;
  if (options.resume) ({ spec, states: resume } = resumeSpec(requested, options.outDir, registry));
  const prepared = await prepareRun(spec, registry, options.methodsFlag);
  const meta: Promise<ResultsMeta> = Promise.resolve(options.backend).then((backend) => ({ title: prepared.experiment.title, backend, codeVersion: codeVersion(registry, spec.experiment), run: spec, extra: options.extra }));
  meta.catch(() => undefined); // reported where it is awaited
  const stopOnError = new AbortController();
  const writer = new SnapshotWriter(lock, options.save, (error) => stopOnError.abort(`checkpoint failed: ${error.message}`));
  const signal = options.signal ? AbortSignal.any([options.signal, stopOnError.signal]) : stopOnError.signal;
  const entry = registry.packageOf(spec.experiment)?.entry;
  const threads = options.threads ?? 1;
  const sessionOptions = sessionOptionsOf(spec, prepared, resume, threads);
  const checkpointEvery = options.checkpointEvery ?? 30;
  const snapshot =
    entry && options.thread !== false
      ? await trainInThread({ entry, set: spec.set, prepared, session: sessionOptions, meta, checkpointEvery, writer, onEvent: options.onEvent, signal })
      : await trainInProcess(prepared, sessionOptions, await meta, checkpointEvery, writer, options.onEvent, signal);
  const paths = await writer.finish(snapshot);
  return { results: snapshot.results, interrupted: options.signal?.aborted ?? false, paths };
}

/** The same training on this thread (experiments that are not packages, such as tests' fixtures). */
async function trainInProcess(prepared: PreparedRun, sessionOptions: Omit<SessionOptions, 'experiment'>, meta: ResultsMeta, checkpointEvery: number, writer: SnapshotWriter, onEvent: ((event: SessionEvent) => void) | undefined, signal: AbortSignal): Promise<RunSnapshot> {
  await startWorkerPool(sessionOptions.methodOptions?.threads ?? 1);
  const session = createSession({ ...sessionOptions, experiment: prepared.experiment });
  const clock = new CheckpointClock(checkpointEvery);
  session.subscribe((event) => {
    onEvent?.(event);
    if ((event.type === 'epoch' || event.type === 'progress') && clock.due()) writer.offer(snapshotSession(session, meta));
  });
  const stop = (): void => session.stop(typeof signal.reason === 'string' ? signal.reason : 'interrupted');
  signal.addEventListener('abort', stop);
  if (signal.aborted) stop();
  try {
    await session.run();
  } finally {
    signal.removeEventListener('abort', stop);
  }
  return snapshotSession(session, meta);
}

/** What the Session of a run is made with, besides the experiment instance. */
function sessionOptionsOf(spec: RunSpec, prepared: PreparedRun, resume: MethodRunState[] | undefined, threads: number): Omit<SessionOptions, 'experiment'> {
  return {
    methods: prepared.methods,
    seed: spec.seed,
    budget: spec.budget,
    methodOptions: { route: spec.route ?? 'gram', threads },
    ...(prepared.initialParams ? { initialParams: prepared.initialParams } : {}),
    ...(spec.evalEvery ? { evalEvery: spec.evalEvery } : {}),
    ...(resume ? { resume } : {}),
  };
}

function createSession(options: SessionOptions): Session {
  try {
    return new Session(options);
  } catch (error) {
    // Settings that fit their bounds but not each other (a batch larger than the data), or not the machine.
    if (error instanceof ParameterError || error instanceof MemoryBudgetError) throw new UsageError('--set', error.message);
    throw error;
  }
}

/**
 * The spec and states to resume from the checkpoint in `dir`. The checkpoint decides what the
 * run is; the request may only change its budget. Other code or other parameters are refused.
 */
function resumeSpec(requested: RunSpec, dir: string, registry: Registry): { spec: RunSpec; states: MethodRunState[] } {
  let checkpoint;
  try {
    checkpoint = readCheckpoint(dir);
  } catch (error) {
    throw new UsageError('--resume', (error as Error).message);
  }
  const { meta, states } = checkpoint;
  const saved = meta.run;
  const now = codeVersion(registry, saved.experiment);
  if (meta.codeVersion !== now) throw new UsageError('--resume', `${dir}/checkpoint.json was written by code version ${meta.codeVersion}; this is ${now}`);
  const spec: RunSpec = { ...saved, budget: { ...saved.budget, ...definedOnly(requested.budget) } };
  const instance = instantiate(registry.get(saved.experiment), saved.set);
  const changed = Object.keys({ ...instance.parameters, ...meta.parameters }).filter((k) => instance.parameters[k] !== meta.parameters[k]);
  if (changed.length > 0) throw new UsageError('--resume', `${dir}/checkpoint.json has other parameter values than the experiment makes now: ${changed.map((k) => `${k} ${meta.parameters[k]} vs ${instance.parameters[k]}`).join(', ')}`);
  return { spec, states };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
