import { availableMethods, configuredMethods, instantiate, METHOD_NAMES, ParameterError } from '@hig-lab/core';
import type { Experiment, MethodName, Registry } from '@hig-lab/core';
import { MemoryBudgetError, Session } from '@hig-lab/optimizers-gd-sip-hig';
import type { MethodRunState, SessionEvent } from '@hig-lab/optimizers-gd-sip-hig';
import { readCheckpoint } from './checkpoint.js';
import { codeVersion } from './code-version.js';
import type { ResultsFile, ResultsMeta } from './results-file.js';
import { lockRunFolder } from './run-folder.js';
import type { RunFolderLock } from './run-folder.js';
import type { RunSpec } from './run-spec.js';
import { saveSnapshot, snapshotSession } from './save-session.js';
import type { SaveOptions } from './save-session.js';
import { UsageError } from './usage-error.js';
import { warmStartWeights } from './warm-start.js';

export interface TrainRunOptions {
  /** The run folder (locked while the run writes it). */
  readonly outDir: string;
  readonly registry: Registry;
  /** The tfjs backend in use, recorded in results.json. */
  readonly backend: string;
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
}

export interface RunOutcome {
  readonly results: ResultsFile;
  readonly interrupted: boolean;
  /** The files of the last save. */
  readonly paths: readonly string[];
}

/** What a run spec resolves to: the experiment instance, the methods, and warm-start weights. */
export interface PreparedRun {
  readonly experiment: Experiment;
  readonly methods: MethodName[];
  readonly initialParams?: Float64Array;
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
  const session = createSession(spec, prepared, resume);
  const meta: ResultsMeta = { title: prepared.experiment.title, backend: options.backend, codeVersion: codeVersion(registry, spec.experiment), run: spec, extra: options.extra };
  const unsubscribe = options.onEvent ? session.subscribe(options.onEvent) : () => false;
  const every = (options.checkpointEvery ?? 30) * 1000;
  let lastCheckpoint = performance.now();
  let saving: Promise<unknown> = Promise.resolve();
  let inFlight = false;
  const checkpoint = session.subscribe((event) => {
    if (event.type !== 'epoch' && event.type !== 'progress') return;
    if (inFlight || performance.now() - lastCheckpoint < every) return;
    lastCheckpoint = performance.now();
    inFlight = true;
    // Copied now; written while training goes on. A failed checkpoint stops the run: it is saved below, or the error is.
    saving = saveSnapshot(lock, snapshotSession(session, meta), options.save).then(
      () => (inFlight = false),
      (error: Error) => {
        inFlight = false;
        session.stop(`checkpoint failed: ${error.message}`);
      },
    );
  });
  const stop = (): void => session.stop('interrupted');
  options.signal?.addEventListener('abort', stop);
  if (options.signal?.aborted) stop();
  try {
    await session.run();
  } finally {
    options.signal?.removeEventListener('abort', stop);
    checkpoint();
    unsubscribe();
  }
  await saving;
  const snapshot = snapshotSession(session, meta);
  const paths = await saveSnapshot(lock, snapshot, options.save);
  return { results: snapshot.results, interrupted: options.signal?.aborted ?? false, paths };
}

/**
 * The experiment, methods and warm-start weights a spec asks for; every problem is a UsageError
 * naming the flag it came from.
 */
export async function prepareRun(spec: RunSpec, registry: Registry, methodsFlag = '--methods'): Promise<PreparedRun> {
  let experiment: Experiment;
  try {
    experiment = instantiate(registry.get(spec.experiment), spec.set);
  } catch (error) {
    if (error instanceof ParameterError) throw new UsageError('--set', error.message);
    if ((error as Error).message.startsWith('unknown experiment')) throw new UsageError('--experiment', (error as Error).message);
    throw error;
  }
  const methods = methodsToRun(experiment, spec.methods, methodsFlag);
  const initialParams = spec.initFrom === undefined ? undefined : await warmStartWeights(spec.initFrom, experiment);
  return { experiment, methods, initialParams };
}

/** The methods named (each one the experiment must be able to run), or all it configures. */
export function methodsToRun(experiment: Experiment, wanted: readonly string[], flag = '--methods'): MethodName[] {
  if (wanted.length === 0) return configuredMethods(experiment);
  const available = availableMethods(experiment);
  for (const m of wanted) {
    if (!(METHOD_NAMES as readonly string[]).includes(m)) throw new UsageError(flag, `unknown method '${m}'; known: ${METHOD_NAMES.join(', ')}`);
    if (!available.includes(m as MethodName)) throw new UsageError(flag, `experiment '${experiment.name}' cannot run method '${m}'; it has ${available.join(', ')}`);
  }
  const repeated = wanted.find((m, i) => wanted.indexOf(m) !== i);
  if (repeated) throw new UsageError(flag, `method '${repeated}' is named twice`);
  return [...wanted] as MethodName[];
}

function createSession(spec: RunSpec, prepared: PreparedRun, resume?: MethodRunState[]): Session {
  try {
    return new Session({
      experiment: prepared.experiment,
      methods: prepared.methods,
      seed: spec.seed,
      budget: spec.budget,
      methodOptions: { route: spec.route ?? 'gram' },
      initialParams: prepared.initialParams,
      evalEvery: spec.evalEvery,
      resume,
    });
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
