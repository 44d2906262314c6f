import { createRng, methodConfig, ParameterError } from '@hig-lab/core';
import type { Dataset, Experiment, MethodConfig, MethodName } from '@hig-lab/core';
import { initParams, paramCount } from '@hig-lab/network';
import type { OptimizerState, TrainingMethod } from './method.js';
import { isAllFinite, NonFiniteError } from './non-finite.js';
import { createMethod } from './methods/index.js';
import type { MethodOptions } from './methods/index.js';
import { Problem } from './problem.js';
import type { Budget, EpochRecord, MethodSnapshot, MethodStatus } from './records.js';
import { milestoneTimes } from './records.js';

/** Everything a run needs to go on exactly where it was: a checkpoint's content for one method. */
export interface MethodRunState {
  readonly name: MethodName;
  readonly status: MethodStatus;
  readonly reason?: string;
  readonly records: readonly EpochRecord[];
  /** Batches done in the current epoch, and their training seconds. */
  readonly batch: number;
  readonly epochTime: number;
  /** Current weights, and those of the last record. */
  readonly params: Float64Array;
  readonly lastGood: Float64Array;
  readonly optimizer: OptimizerState;
}

/** How a run starts: its budget, the methods' options, and optionally weights to start from. */
export interface MethodRunOptions {
  readonly budget?: Budget;
  readonly methodOptions?: MethodOptions;
  /** Initial weights [P] instead of the seed's (warm start); every method of a session gets a copy. */
  readonly initialParams?: Float64Array;
}

/** A crossing epoch is cut short when finishing it would take longer than this, in seconds. */
const EPOCH_OVERRUN = 1;

/**
 * One method training one experiment: epochs over fixed batches (N // B of them, in order, no
 * shuffling), its own clock, evaluation, budgets, and the ways a run ends: done (a budget),
 * diverged (a non-finite loss or weight: the last evaluated weights are kept), failed (the
 * method or the physics threw: the error is recorded, the other methods of a session go on), or
 * stopped.
 */
export class MethodRun {
  readonly name: MethodName;
  readonly config: MethodConfig;
  readonly batches: number;
  /** Current weights; after a stop or divergence, those of the last record. */
  readonly params: Float64Array;
  private readonly lastGood: Float64Array;
  private readonly problem: Problem | null = null;
  private readonly method: TrainingMethod | null = null;
  private readonly budget: Budget;
  private records: EpochRecord[] = [];
  private state: MethodStatus = 'waiting';
  enabled = true;
  private batch = 0;
  private epochTime = 0;
  private reason: string | undefined;

  constructor(
    readonly experiment: Experiment,
    name: MethodName,
    private readonly data: { train: Dataset; test: Dataset },
    seed: number,
    options: MethodRunOptions = {},
  ) {
    const config = methodConfig(experiment, name);
    if (!config) throw new Error(`experiment '${experiment.name}' does not configure method '${name}'`);
    const batches = Math.floor(data.train.size / config.batchSize);
    if (batches < 1) {
      throw new ParameterError(`${name}.batchSize`, `must be <= the training set size ${data.train.size}, got ${config.batchSize}`);
    }
    this.name = name;
    this.config = config;
    this.batches = batches;
    this.budget = options.budget ?? {};
    // The same seed gives every method the same initial weights.
    this.params = options.initialParams ? checkedInitial(experiment, options.initialParams) : initParams(experiment.network, createRng(seed).fork('weights'));
    this.lastGood = this.params.slice();
    try {
      this.problem = new Problem(experiment, Math.max(config.batchSize, 512));
      this.method = createMethod(name, this.problem, config, options.methodOptions);
    } catch (error) {
      this.fail(error, 'while setting up');
    }
  }

  get status(): MethodStatus {
    return this.state;
  }

  /** Training seconds so far, including the current partial epoch. */
  get trainTime(): number {
    return (this.records.at(-1)?.time ?? 0) + this.epochTime;
  }

  /** Whether it can still train (not done, diverged, failed or stopped). */
  get active(): boolean {
    return this.status === 'waiting' || this.status === 'running' || this.status === 'paused';
  }

  get epochs(): readonly EpochRecord[] {
    return this.records;
  }

  /** One mini-batch update, timed on this method's clock. Returns true when the epoch is complete. */
  trainBatch(): boolean {
    if (!this.method || !this.active) return false;
    const start = performance.now();
    let failure: string | null = null;
    try {
      this.method.update(this.params, this.data.train, this.batch * this.config.batchSize);
    } catch (error) {
      if (!(error instanceof NonFiniteError)) {
        this.fail(error, `in epoch ${this.records.length}, batch ${this.batch + 1}`);
        return false;
      }
      failure = error.message;
    }
    this.epochTime += (performance.now() - start) / 1000;
    this.batch += 1;
    if (failure === null && !isAllFinite(this.params)) failure = 'non-finite weights';
    if (failure !== null) {
      this.diverge(`${failure} in epoch ${this.records.length}, batch ${this.batch}`);
      return false;
    }
    return this.batch === this.batches;
  }

  /**
   * Whether the epoch under way should end now rather than at its last batch: the time budget is
   * spent and finishing the epoch (at this epoch's pace) would overrun it by more than a second.
   * Short epochs thus end as in the reference (the crossing epoch completes); long ones do not.
   */
  overBudgetMidEpoch(): boolean {
    const { maxTime } = this.budget;
    if (maxTime === undefined || this.batch === 0 || this.trainTime < maxTime) return false;
    return (this.epochTime / this.batch) * (this.batches - this.batch) > EPOCH_OVERRUN;
  }

  /**
   * Evaluates both sets, one chunk of samples per step, so that a caller can yield or give up
   * between chunks; returns [train loss, test loss]. Does not change the run.
   */
  *evaluation(): Generator<void, [number, number], void> {
    const problem = this.problem!;
    const losses: [number, number] = [0, 0];
    for (const [k, data] of [this.data.train, this.data.test].entries()) {
      let total = 0;
      for (let offset = 0; offset < data.size; offset += problem.maxBatch) {
        total += problem.lossSum(this.params, data, offset, Math.min(problem.maxBatch, data.size - offset));
        yield;
      }
      losses[k] = total / data.size;
    }
    return losses;
  }

  /** Evaluates both sets at once and records the epoch; see `record`. */
  evaluate(wallTime: number): EpochRecord | null {
    const evaluation = this.evaluation();
    let step = evaluation.next();
    while (!step.done) step = evaluation.next();
    return this.record(step.value, wallTime);
  }

  /**
   * Records the epoch (epoch 0 before any training; an epoch cut short by the budget records how
   * many batches it had) with the losses an `evaluation` gave, and applies the budget. A
   * non-finite loss diverges the run and records nothing.
   */
  record([trainLoss, testLoss]: readonly [number, number], wallTime: number): EpochRecord | null {
    if (!this.active) return null;
    if (!Number.isFinite(trainLoss) || !Number.isFinite(testLoss)) {
      this.diverge(`non-finite loss after epoch ${this.records.length}`);
      return null;
    }
    const partial = this.records.length > 0 && this.batch > 0 && this.batch < this.batches;
    const record: EpochRecord = { epoch: this.records.length, time: this.trainTime, wallTime, trainLoss, testLoss, ...(partial ? { batches: this.batch } : {}) };
    this.records.push(record);
    this.epochTime = 0;
    this.batch = 0;
    this.lastGood.set(this.params);
    this.applyBudget(record);
    return record;
  }

  /** Marks the run failed because evaluating it threw. */
  failEvaluation(error: unknown): void {
    this.fail(error, `while evaluating after epoch ${this.records.length}`);
  }

  /** Marks an active run as training now, waiting its turn, or paused. */
  setActivity(activity: 'running' | 'waiting' | 'paused'): void {
    if (this.active) this.state = activity;
  }

  /** Stops for good, keeping the weights of the last record. */
  stop(reason: string): void {
    if (!this.active) return;
    this.params.set(this.lastGood);
    this.epochTime = 0;
    this.batch = 0;
    this.state = 'stopped';
    this.reason = reason;
  }

  /** A copy of everything needed to continue exactly from here (see `restore`). */
  saveState(): MethodRunState {
    return {
      name: this.name,
      status: this.state,
      ...(this.reason !== undefined ? { reason: this.reason } : {}),
      records: this.records.slice(),
      batch: this.batch,
      epochTime: this.epochTime,
      params: this.params.slice(),
      lastGood: this.lastGood.slice(),
      optimizer: this.method?.state() ?? null,
    };
  }

  /**
   * Continues from a saved state of the same method on the same experiment. A run that was
   * stopped (interrupted) trains again; one that was done trains again if the current budget
   * allows more; diverged and failed runs stay as they were.
   */
  restore(state: MethodRunState): void {
    if (state.name !== this.name) throw new RangeError(`MethodRun.restore: state of method ${state.name}, not ${this.name}`);
    const P = this.params.length;
    if (state.params.length !== P || state.lastGood.length !== P) throw new RangeError(`MethodRun.restore: ${this.name} weights must have length ${P}, got ${state.params.length}`);
    if (!(state.batch >= 0 && state.batch < this.batches)) throw new RangeError(`MethodRun.restore: ${this.name} batch must be in [0, ${this.batches}), got ${state.batch}`);
    this.method?.restore(state.optimizer);
    this.params.set(state.params);
    this.lastGood.set(state.lastGood);
    this.records = state.records.slice();
    this.batch = state.batch;
    this.epochTime = state.epochTime;
    this.state = state.status === 'diverged' || state.status === 'failed' ? state.status : 'waiting';
    this.reason = this.active ? undefined : state.reason;
    const last = this.records.at(-1);
    if (this.active && last && this.batch === 0) this.applyBudget(last);
  }

  snapshot(): MethodSnapshot {
    const best = this.records.reduce((min, r) => Math.min(min, r.trainLoss), Infinity);
    return {
      name: this.name,
      config: this.config,
      status: this.status,
      enabled: this.enabled,
      epoch: Math.max(0, this.records.length - 1),
      batch: this.batch,
      batches: this.batches,
      trainTime: this.trainTime,
      epochs: this.records,
      bestTrainLoss: best,
      reached: milestoneTimes(this.records),
      reason: this.reason,
    };
  }

  private applyBudget(record: EpochRecord): void {
    const { maxTime, maxEpochs, targetLoss } = this.budget;
    const done = (reason: string): void => {
      this.state = 'done';
      this.reason = reason;
    };
    if (targetLoss !== undefined && record.trainLoss <= targetLoss) done(`reached target loss ${targetLoss}`);
    else if (maxEpochs !== undefined && record.epoch >= maxEpochs) done(`reached ${maxEpochs} epochs`);
    else if (maxTime !== undefined && record.time >= maxTime) done(`reached ${maxTime} s of training`);
  }

  private diverge(reason: string): void {
    this.params.set(this.lastGood);
    this.epochTime = 0;
    this.batch = 0;
    this.state = 'diverged';
    this.reason = reason;
  }

  /** Marks the run failed, naming the method, the experiment, when, and the error. */
  private fail(error: unknown, when: string): void {
    const message = error instanceof Error ? error.message : String(error);
    this.diverge(`${this.name} on ${this.experiment.name} failed ${when}: ${message}`);
    this.state = 'failed';
  }
}

/** Warm-start weights must fit the experiment's network exactly. */
function checkedInitial(experiment: Experiment, params: Float64Array): Float64Array {
  const P = paramCount(experiment.network);
  if (params.length !== P) throw new RangeError(`MethodRun: initial weights must have length ${P} for the network of '${experiment.name}', got ${params.length}`);
  if (!isAllFinite(params)) throw new RangeError('MethodRun: initial weights must be finite');
  return params.slice();
}
