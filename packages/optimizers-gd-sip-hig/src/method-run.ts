import { createRng, methodConfig, ParameterError } from '@hig-lab/core';
import type { Dataset, Experiment, MethodConfig, MethodName } from '@hig-lab/core';
import { initParams } from '@hig-lab/network';
import type { TrainingMethod } from './method.js';
import { isAllFinite, NonFiniteError } from './non-finite.js';
import { createMethod } from './methods/index.js';
import type { MethodOptions } from './methods/index.js';
import { Problem } from './problem.js';
import type { Budget, EpochRecord, MethodSnapshot, MethodStatus } from './records.js';
import { milestoneTimes } from './records.js';

/**
 * One method training one experiment: epochs over fixed batches (N // B of them, in order, no
 * shuffling), its own clock, evaluation, budgets, and divergence handling (a non-finite loss or
 * weight stops it and restores the last evaluated weights).
 */
export class MethodRun {
  readonly name: MethodName;
  readonly config: MethodConfig;
  readonly batches: number;
  /** Current weights; after a stop or divergence, those of the last record. */
  readonly params: Float64Array;
  private readonly lastGood: Float64Array;
  private readonly problem: Problem;
  private readonly method: TrainingMethod;
  private readonly records: EpochRecord[] = [];
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
    private readonly budget: Budget,
    options: MethodOptions = {},
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
    // The same seed gives every method the same initial weights.
    this.params = initParams(experiment.network, createRng(seed).fork('weights'));
    this.lastGood = this.params.slice();
    this.problem = new Problem(experiment, Math.max(config.batchSize, 512));
    this.method = createMethod(name, this.problem, config, options);
  }

  get status(): MethodStatus {
    return this.state;
  }

  /** Training seconds so far, including the current partial epoch. */
  get trainTime(): number {
    return (this.records.at(-1)?.time ?? 0) + this.epochTime;
  }

  /** Whether it can still train (not done, diverged or stopped). */
  get active(): boolean {
    return this.status === 'waiting' || this.status === 'running' || this.status === 'paused';
  }

  get epochs(): readonly EpochRecord[] {
    return this.records;
  }

  /** One mini-batch update, timed on this method's clock. Returns true when the epoch is complete. */
  trainBatch(): boolean {
    const start = performance.now();
    let failure: string | null = null;
    try {
      this.method.update(this.params, this.data.train, this.batch * this.config.batchSize);
    } catch (error) {
      if (!(error instanceof NonFiniteError)) throw error;
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

  /** Evaluates both sets and records the epoch (epoch 0 before any training). Applies the budget. */
  evaluate(wallTime: number): EpochRecord | null {
    const trainLoss = this.problem.meanLoss(this.params, this.data.train);
    const testLoss = this.problem.meanLoss(this.params, this.data.test);
    if (!Number.isFinite(trainLoss) || !Number.isFinite(testLoss)) {
      this.diverge(`non-finite loss after epoch ${this.records.length}`);
      return null;
    }
    const record: EpochRecord = { epoch: this.records.length, time: this.trainTime, wallTime, trainLoss, testLoss };
    this.records.push(record);
    this.epochTime = 0;
    this.batch = 0;
    this.lastGood.set(this.params);
    this.applyBudget(record);
    return record;
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
}
