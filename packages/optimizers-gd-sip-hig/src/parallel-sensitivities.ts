/**
 * Per-sample physics sensitivities split over the worker pool: the samples of a batch are cut
 * into contiguous ranges, the calling thread takes the first and each worker one more (see
 * sensitivity-task.ts). A sample's dy/du does not depend on which thread computes it, so the
 * result is bitwise that of one thread; the first split batch checks this on one sample and
 * falls back to one thread for good if it ever differed (an experiment the workers re-created
 * differently). Used only above a measured size, never for affine physics (whose sensitivities
 * are shared by all samples).
 *
 * Threads do not run equally fast (in `hig run` on the 2-core machine a worker took 30–40% longer
 * per sample than the training thread, which then waited), so each share times itself and the
 * next batch's ranges follow the measured samples per ms of each thread.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Experiment, Rollout } from '@hig-lab/core';
import { allocShared, isShared, splitThresholds, wasmKernels, workerPool } from '@hig-lab/kernels';
import type { Task, WorkerPool } from '@hig-lab/kernels';
import { sensitivityHandler } from './sensitivity-task.js';
import type { SensitivityInit } from './sensitivity-task.js';

export class ParallelSensitivities {
  /** The pool's handler id; null once the workers could not take this experiment. */
  private handler: number | null | undefined;
  private verified = false;
  /** Threads the last `run` used (1 when it did not split). */
  lastThreads = 1;
  private readonly s0: Float64Array;
  private readonly u: Float64Array;
  private readonly y: Float64Array;
  /** Each share's last time in ms, written by the share itself. */
  private readonly elapsed: Float64Array;
  /** Samples per ms of each thread (the calling one first), smoothed over batches; empty until measured. */
  private rates: number[] = [];

  constructor(
    private readonly experiment: Experiment,
    private readonly rollout: Rollout,
    maxBatch: number,
  ) {
    const ok = wasmKernels() !== null && !rollout.isAffine;
    this.s0 = ok ? allocShared(this, maxBatch * rollout.n) : new Float64Array(0);
    this.u = ok ? allocShared(this, maxBatch * rollout.controlCount) : new Float64Array(0);
    this.y = ok ? allocShared(this, maxBatch * rollout.n) : new Float64Array(0);
    this.elapsed = ok ? allocShared(this, 64) : new Float64Array(0);
  }

  /**
   * y [B×n] and dydu [B×n×controls] (a view of the shared memory) for s0 [B×n], u [B×controls]
   * on up to `threads` threads. Returns false, having done nothing, when it would not split
   * (one thread, a small or affine problem, workers not started or unable to load the experiment).
   */
  run(y: Float64Array, dydu: Float64Array, s0: Float64Array, u: Float64Array, B: number, threads: number): boolean {
    const { rollout } = this;
    this.lastThreads = 1;
    if (threads <= 1 || this.s0.length === 0 || B < 2 || !isShared(dydu)) return false;
    if (B * rollout.steps * rollout.n < splitThresholds.sensitivities) return false;
    const pool = workerPool(threads);
    if (!pool || !pool.ready) return false;
    if (this.handler === undefined) this.handler = this.load(pool);
    if (this.handler === null) return false;
    const n = rollout.n;
    const cols = rollout.controlCount;
    this.s0.set(s0.subarray(0, B * n));
    this.u.set(u.subarray(0, B * cols));
    const parts = Math.min(threads, pool.size + 1, B, this.elapsed.length);
    const bounds = shareBounds(this.rates.length === parts ? this.rates : new Array<number>(parts).fill(1), B);
    const tasks: Task[] = [];
    for (let i = 0; i < parts; i++) {
      const [lo, hi] = [bounds[i], bounds[i + 1]];
      this.elapsed[i] = 0;
      const at = this.elapsed.byteOffset + 8 * i;
      tasks.push({ handler: this.handler, args: [this.s0.byteOffset + 8 * lo * n, this.u.byteOffset + 8 * lo * cols, this.y.byteOffset + 8 * lo * n, dydu.byteOffset + 8 * lo * n * cols, hi - lo, at] });
    }
    pool.run(tasks);
    if (!this.verified && !this.sameAsHere(dydu, bounds[1], B)) {
      this.handler = null;
      return false;
    }
    this.verified = true;
    this.lastThreads = parts;
    this.measure(bounds);
    y.set(this.y.subarray(0, B * n));
    return true;
  }

  /** Updates the rates from the shares' times: an average that follows a change within a few batches. */
  private measure(bounds: readonly number[]): void {
    const parts = bounds.length - 1;
    const fresh = Array.from({ length: parts }, (_, i) => (bounds[i + 1] - bounds[i]) / Math.max(this.elapsed[i], 1e-3));
    if (this.rates.length !== parts) this.rates = fresh;
    else this.rates = this.rates.map((r, i) => 0.7 * r + 0.3 * fresh[i]);
  }

  /** Recomputes sample b here and compares it bit for bit with what a worker wrote. */
  private sameAsHere(dydu: Float64Array, b: number, B: number): boolean {
    if (b >= B) return true;
    const { n, controlCount: cols } = this.rollout;
    const scratch = {};
    const y = allocShared(scratch, n);
    const d = allocShared(scratch, n * cols);
    const s0 = allocShared(scratch, n);
    const u = allocShared(scratch, cols);
    s0.set(this.s0.subarray(b * n, (b + 1) * n));
    u.set(this.u.subarray(b * cols, (b + 1) * cols));
    // The calling thread's own handler on one sample: the same code as a share of a split.
    sensitivityHandler(this.rollout, () => wasmKernels()!.memory.buffer)(Float64Array.of(s0.byteOffset, u.byteOffset, y.byteOffset, d.byteOffset, 1, 0));
    const theirs = dydu.subarray(b * n * cols, (b + 1) * n * cols);
    return d.every((x, i) => Object.is(x, theirs[i])) && y.every((x, i) => Object.is(x, this.y[b * n + i]));
  }

  /** Loads the task in every worker; null if they cannot re-create the experiment. */
  private load(pool: WorkerPool): number | null {
    const memory = wasmKernels()!.memory;
    const init: SensitivityInit = { root: dirname(fileURLToPath(import.meta.url)), name: this.experiment.name, parameters: { ...this.experiment.parameters } };
    try {
      return pool.loadSync(taskModule(), init, sensitivityHandler(this.rollout, () => memory.buffer));
    } catch {
      return null;
    }
  }
}

/** dist/sensitivity-task.js (also when this module runs from src/ under a test runner). */
function taskModule(): string {
  const here = new URL('./sensitivity-task.js', import.meta.url);
  return existsSync(fileURLToPath(here)) ? here.href : new URL('../dist/sensitivity-task.js', import.meta.url).href;
}

/**
 * Cuts [rates.length + 1] of B samples into contiguous shares in proportion to the threads'
 * rates (samples per ms), each share at least one sample; B >= rates.length.
 */
export function shareBounds(rates: readonly number[], B: number): number[] {
  const parts = rates.length;
  const total = rates.reduce((a, b) => a + b, 0);
  const bounds = [0];
  let acc = 0;
  for (let i = 0; i < parts - 1; i++) {
    acc += rates[i];
    const cut = Math.round((acc / total) * B);
    bounds.push(Math.min(Math.max(cut, bounds[i] + 1), B - (parts - 1 - i)));
  }
  bounds.push(B);
  return bounds;
}
