import { createRng, methodConfig, ParameterError } from '@hig-lab/core';
import type { Dataset, Experiment, MethodConfig, MethodName } from '@hig-lab/core';
import { initParams, paramCount } from '@hig-lab/network/kernels';
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
  /** Epochs completed, batches done in the current one, its training seconds, and all training seconds. */
  readonly epochsDone: number;
  readonly batch: number;
  readonly epochTime: number;
  readonly clock: number;
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
  /** When to evaluate (default: after every epoch, as the reference does). */
  readonly evalEvery?: EvalCadence;
}

/**
 * When a run evaluates its train and test loss: after every n epochs, after every s seconds of
 * training, or 'auto': after at least 0.1 s of training and at least four times as long as the
 * last evaluation took, so that evaluating costs at most a fifth of the time while curves keep
 * hundreds of points. Whatever the cadence, epoch 0 and the epoch a budget ends on are evaluated.
 */
export type EvalCadence = { readonly epochs: number } | { readonly seconds: number } | 'auto';

/** 'auto' evaluates at most this often (training seconds)... */
const AUTO_MIN_SECONDS = 0.1;
/** ...and spends at most 1/AUTO_EVAL_SHARE of the training time evaluating. */
const AUTO_EVAL_SHARE = 4;

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
  private readonly evalEvery: EvalCadence;
  private records: EpochRecord[] = [];
  private state: MethodStatus = 'waiting';
  enabled = true;
  private epochsDone = 0;
  private batch = 0;
  private epochTime = 0;
  private clock = 0;
  /** Wall seconds the last evaluation took ('auto' cadence). */
  private lastEvalSeconds = 0;
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
    this.evalEvery = checkedCadence(options.evalEvery ?? { epochs: 1 });
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
    return this.clock;
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
        this.fail(error, `in epoch ${this.epochsDone + 1}, batch ${this.batch + 1}`);
        return false;
      }
      failure = error.message;
    }
    const seconds = (performance.now() - start) / 1000;
    this.epochTime += seconds;
    this.clock += seconds;
    this.batch += 1;
    if (failure === null && !isAllFinite(this.params)) failure = 'non-finite weights';
    if (failure !== null) {
      this.diverge(`${failure} in epoch ${this.epochsDone + 1}, batch ${this.batch}`);
      return false;
    }
    if (this.batch < this.batches) return false;
    this.epochsDone += 1;
    this.batch = 0;
    this.epochTime = 0;
    return true;
  }

  /**
   * Whether the epoch just completed is to be evaluated: its cadence says so, or a budget would
   * end the run on it (the last epoch is always evaluated).
   */
  evaluationDue(): boolean {
    const { maxTime, maxEpochs } = this.budget;
    if ((maxEpochs !== undefined && this.epochsDone >= maxEpochs) || (maxTime !== undefined && this.clock >= maxTime)) return true;
    const last = this.records.at(-1);
    const since = this.clock - (last?.time ?? 0);
    const cadence = this.evalEvery;
    if (cadence === 'auto') return since >= Math.max(AUTO_MIN_SECONDS, AUTO_EVAL_SHARE * this.lastEvalSeconds);
    if ('epochs' in cadence) return this.epochsDone - (last?.epoch ?? 0) >= cadence.epochs;
    return since >= cadence.seconds;
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
    const started = performance.now();
    const losses: [number, number] = [0, 0];
    for (const [k, data] of [this.data.train, this.data.test].entries()) {
      let total = 0;
      for (let offset = 0; offset < data.size; offset += problem.maxBatch) {
        total += problem.lossSum(this.params, data, offset, Math.min(problem.maxBatch, data.size - offset));
        yield;
      }
      losses[k] = total / data.size;
    }
    this.lastEvalSeconds = (performance.now() - started) / 1000;
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
   * Records the epochs done so far (epoch 0 before any training; an epoch cut short by the budget
   * records how many batches it had) with the losses an `evaluation` of the current weights gave,
   * and applies the budget. A non-finite loss diverges the run and records nothing.
   */
  record([trainLoss, testLoss]: readonly [number, number], wallTime: number): EpochRecord | null {
    if (!this.active) return null;
    const partial = this.batch > 0;
    if (!Number.isFinite(trainLoss) || !Number.isFinite(testLoss)) {
      this.diverge(`non-finite loss after epoch ${this.epochsDone + (partial ? 1 : 0)}`);
      return null;
    }
    const record: EpochRecord = { epoch: this.epochsDone + (partial ? 1 : 0), time: this.clock, wallTime, trainLoss, testLoss, ...(partial ? { batches: this.batch } : {}) };
    this.records.push(record);
    this.lastGood.set(this.params);
    this.applyBudget(record);
    return record;
  }

  /** Whether training moved the weights since the last record (so that a final record is worth it). */
  get unrecorded(): boolean {
    return this.clock > (this.records.at(-1)?.time ?? 0);
  }

  /** Marks the run failed because evaluating it threw. */
  failEvaluation(error: unknown): void {
    this.fail(error, `while evaluating after epoch ${this.epochsDone}`);
  }

  /** Marks an active run as training now, waiting its turn, or paused. */
  setActivity(activity: 'running' | 'waiting' | 'paused'): void {
    if (this.active) this.state = activity;
  }

  /**
   * Stops for good. The weights stay where training left them, so that a checkpoint taken now
   * continues exactly from here; results and controllers use those of the last record.
   */
  stop(reason: string): void {
    if (!this.active) return;
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
      epochsDone: this.epochsDone,
      batch: this.batch,
      epochTime: this.epochTime,
      clock: this.clock,
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
    this.epochsDone = state.epochsDone;
    this.batch = state.batch;
    this.epochTime = state.epochTime;
    this.clock = state.clock;
    this.state = state.status === 'diverged' || state.status === 'failed' ? state.status : 'waiting';
    this.reason = this.active ? undefined : state.reason;
    const last = this.records.at(-1);
    if (this.active && last && last.time === this.clock) this.applyBudget(last);
  }

  snapshot(): MethodSnapshot {
    const best = this.records.reduce((min, r) => Math.min(min, r.trainLoss), Infinity);
    return {
      name: this.name,
      config: this.config,
      status: this.status,
      enabled: this.enabled,
      epoch: this.epochsDone,
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

function checkedCadence(cadence: EvalCadence): EvalCadence {
  if (cadence === 'auto') return cadence;
  const value = 'epochs' in cadence ? cadence.epochs : cadence.seconds;
  const ok = 'epochs' in cadence ? Number.isInteger(value) && value >= 1 : value > 0 && Number.isFinite(value);
  if (!ok) throw new RangeError(`MethodRun: evalEvery must be a positive ${'epochs' in cadence ? 'integer of epochs' : 'number of seconds'}, got ${value}`);
  return cadence;
}

/** Warm-start weights must fit the experiment's network exactly. */
function checkedInitial(experiment: Experiment, params: Float64Array): Float64Array {
  const P = paramCount(experiment.network);
  if (params.length !== P) throw new RangeError(`MethodRun: initial weights must have length ${P} for the network of '${experiment.name}', got ${params.length}`);
  if (!isAllFinite(params)) throw new RangeError('MethodRun: initial weights must be finite');
  return params.slice();
}
