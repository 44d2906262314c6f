import { createRng, ParameterError } from '@hig-lab/core';
import type { Dataset, Experiment, MethodName } from '@hig-lab/core';
import { totalmem } from 'node:os';
import { estimateMemory, MemoryBudgetError } from './memory-estimate.js';
import { MethodRun } from './method-run.js';
import type { EvalCadence, MethodRunState } from './method-run.js';
import type { MethodOptions } from './methods/index.js';
import type { Budget, EpochRecord, MethodSnapshot } from './records.js';

/** What a session tells its subscribers. */
export type SessionEvent =
  | { readonly type: 'epoch'; readonly method: MethodSnapshot; readonly record: EpochRecord }
  | { readonly type: 'progress'; readonly method: MethodSnapshot }
  | { readonly type: 'status'; readonly methods: readonly MethodSnapshot[]; readonly paused: boolean }
  | { readonly type: 'finish'; readonly methods: readonly MethodSnapshot[] };

export interface SessionOptions {
  readonly experiment: Experiment;
  readonly methods: readonly MethodName[];
  readonly seed: number;
  readonly budget?: Budget;
  readonly methodOptions?: MethodOptions;
  /** How often, in wall milliseconds, a running epoch yields to the event loop and reports progress. */
  readonly yieldEvery?: number;
  /** Warm start: initial weights [P] for every method instead of the seed's. */
  readonly initialParams?: Float64Array;
  /** Continue from these saved states (a checkpoint), one per method named in `methods`. */
  readonly resume?: readonly MethodRunState[];
  /** When each method evaluates its losses (default: after every epoch). */
  readonly evalEvery?: EvalCadence;
  /** Bytes the methods' buffers may take (default: the machine's memory); more is refused before allocating. */
  readonly memoryLimit?: number;
}

/** Everything a session has done, for results files. */
export interface SessionResult {
  readonly experiment: string;
  readonly seed: number;
  readonly parameters: Readonly<Record<string, number>>;
  readonly wallTime: number;
  readonly methods: readonly MethodSnapshot[];
}

/**
 * Several methods training one experiment in one process, interleaved epoch by epoch: the
 * method with the least training time goes next, so their curves advance together. Each
 * method's clock counts only its own batches. Between batches a session yields to the event
 * loop, which lets a UI draw, pause, switch methods off, or stop.
 */
export class Session {
  readonly experiment: Experiment;
  readonly seed: number;
  readonly data: { train: Dataset; test: Dataset };
  readonly runs: readonly MethodRun[];
  private readonly listeners = new Set<(event: SessionEvent) => void>();
  private readonly yieldEvery: number;
  private readonly started = performance.now();
  private paused = false;
  private stopRequested: string | null = null;
  private wake: (() => void) | null = null;
  private lastYield = 0;

  constructor(options: SessionOptions) {
    const { experiment, methods, seed, budget = {} } = options;
    if (methods.length === 0) throw new RangeError('Session: methods must name at least one method');
    if (new Set(methods).size !== methods.length) throw new RangeError(`Session: methods must not repeat, got ${methods.join(', ')}`);
    this.experiment = experiment;
    this.seed = seed;
    this.data = makeData(experiment, seed);
    const parts = estimateMemory(experiment, methods, this.data, options.methodOptions);
    const needed = parts.reduce((sum, p) => sum + p.bytes, 0);
    const limit = options.memoryLimit ?? totalmem();
    if (needed > limit) throw new MemoryBudgetError(needed, limit, parts);
    const runOptions = { budget, methodOptions: options.methodOptions, initialParams: options.initialParams, evalEvery: options.evalEvery };
    this.runs = methods.map((name) => new MethodRun(experiment, name, this.data, seed, runOptions));
    if (options.resume) this.restore(options.resume);
    this.yieldEvery = options.yieldEvery ?? 40;
  }

  /** Every run's state, for a checkpoint. */
  saveState(): MethodRunState[] {
    return this.runs.map((run) => run.saveState());
  }

  /** Seconds since the session was made. */
  get elapsed(): number {
    return (performance.now() - this.started) / 1000;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  subscribe(listener: (event: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshots(): MethodSnapshot[] {
    return this.runs.map((run) => run.snapshot());
  }

  pause(): void {
    this.setPaused(true);
  }

  resume(): void {
    this.setPaused(false);
  }

  togglePause(): void {
    this.setPaused(!this.paused);
  }

  /** Switches a method on or off; an off method neither trains nor shows. */
  toggle(name: MethodName): void {
    const run = this.runs.find((r) => r.name === name);
    if (!run) return;
    run.enabled = !run.enabled;
    this.emitStatus();
    this.wakeUp();
  }

  /** Asks the session to stop after the current batch; unfinished epochs are dropped. */
  stop(reason = 'stopped by the user'): void {
    this.stopRequested = reason;
    this.wakeUp();
  }

  /** Trains until every method is done, diverged, failed or stopped, then resolves with the results. */
  async run(): Promise<SessionResult> {
    for (const run of this.runs) if (run.epochs.length === 0) await this.record(run);
    this.emitStatus();
    while (!this.stopRequested) {
      const next = this.nextRun();
      if (next === 'idle') {
        await this.sleep();
        continue;
      }
      if (!next) break;
      await this.trainEpoch(next);
      // Short epochs never reach the yield inside one: yield between them too.
      if (performance.now() - this.lastYield >= this.yieldEvery) await this.yield();
    }
    for (const run of this.runs) run.stop(this.stopRequested ?? 'finished');
    const methods = this.snapshots();
    this.emit({ type: 'finish', methods });
    return this.result();
  }

  result(): SessionResult {
    return { experiment: this.experiment.name, seed: this.seed, parameters: this.experiment.parameters, wallTime: this.elapsed, methods: this.snapshots() };
  }

  /** The enabled active method with the least training time; 'idle' while paused or all are off. */
  private nextRun(): MethodRun | 'idle' | null {
    const active = this.runs.filter((r) => r.active);
    if (active.length === 0) return null;
    if (this.paused) return 'idle';
    const enabled = active.filter((r) => r.enabled);
    if (enabled.length === 0) return 'idle';
    return enabled.reduce((a, b) => (b.trainTime < a.trainTime ? b : a));
  }

  private async trainEpoch(run: MethodRun): Promise<void> {
    run.setActivity('running');
    for (;;) {
      const complete = run.trainBatch();
      if (!run.active) break; // diverged or failed
      if (complete) {
        if (run.evaluationDue()) await this.record(run);
        break;
      }
      if (run.overBudgetMidEpoch()) {
        await this.record(run);
        break;
      }
      if (performance.now() - this.lastYield >= this.yieldEvery) {
        this.emit({ type: 'progress', method: run.snapshot() });
        await this.yield();
        while (this.paused && !this.stopRequested) await this.sleep();
        if (this.stopRequested || !run.enabled) break;
      }
    }
    if (run.active) run.setActivity(this.paused ? 'paused' : 'waiting');
    else this.emitStatus();
  }

  /**
   * Evaluates a run a chunk at a time, yielding between chunks, so that a stop is seen during a
   * long evaluation too; a stopped evaluation records nothing (the run keeps its last record).
   */
  private async record(run: MethodRun): Promise<void> {
    if (!run.active) return;
    let losses: [number, number];
    try {
      const evaluation = run.evaluation();
      let step = evaluation.next();
      while (!step.done) {
        if (performance.now() - this.lastYield >= this.yieldEvery) {
          await this.yield();
          if (this.stopRequested) return;
        }
        step = evaluation.next();
      }
      losses = step.value;
    } catch (error) {
      run.failEvaluation(error);
      this.emitStatus();
      return;
    }
    const record = run.record(losses, this.elapsed);
    if (record) this.emit({ type: 'epoch', method: run.snapshot(), record });
    else this.emitStatus();
  }

  private restore(states: readonly MethodRunState[]): void {
    for (const run of this.runs) {
      const state = states.find((s) => s.name === run.name);
      if (!state) throw new RangeError(`Session: the saved states have no method ${run.name} (they have ${states.map((s) => s.name).join(', ')})`);
      run.restore(state);
    }
  }

  private setPaused(paused: boolean): void {
    if (this.paused === paused) return;
    this.paused = paused;
    for (const run of this.runs) run.setActivity(paused ? 'paused' : 'waiting');
    this.emitStatus();
    this.wakeUp();
  }

  private async yield(): Promise<void> {
    await yieldToEventLoop();
    this.lastYield = performance.now();
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private emitStatus(): void {
    this.emit({ type: 'status', methods: this.snapshots(), paused: this.paused });
  }

  private emit(event: SessionEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** The train and test sets for a seed; a plug-in's data() that throws is named as the culprit. */
function makeData(experiment: Experiment, seed: number): { train: Dataset; test: Dataset } {
  try {
    return experiment.data(createRng(seed).fork('data'));
  } catch (error) {
    // A data set refused for its size names the parameters: the user's setting, not a failure.
    if (error instanceof ParameterError) throw error;
    throw new Error(`experiment '${experiment.name}': data() failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
