import { Rollout } from '@hig-lab/core';
import type { Dataset, Experiment, FinalCotangent } from '@hig-lab/core';
import { Mlp } from '@hig-lab/network/kernels';
import { assertFinite } from './non-finite.js';
import { ParallelSensitivities } from './parallel-sensitivities.js';

/**
 * One experiment's learning problem, as every method sees it: the network, the rollout and
 * the loss, over mini-batches [offset, offset+B) of a dataset. Buffers are sized once.
 */
export class Problem {
  readonly mlp: Mlp;
  readonly rollout: Rollout;
  readonly n: number;
  readonly controls: number;
  readonly paramCount: number;
  /** Controls u [B×controls] of the last `forward`. */
  readonly u: Float64Array;
  /** Final states y [B×n]. */
  readonly y: Float64Array;
  /** ∂(loss/B)/∂y [B×n]. */
  readonly lambda: Float64Array;
  private readonly lambdaOne: Float64Array;
  private readonly yOne: Float64Array;
  private readonly targetOne: Float64Array;
  private readonly parallel: ParallelSensitivities;
  /** 0..n-1: the rows of dy/du that make up the whole physics Jacobian. */
  private readonly allComponents: Int32Array;

  constructor(
    readonly experiment: Experiment,
    readonly maxBatch: number,
  ) {
    this.mlp = new Mlp(experiment.network, maxBatch);
    this.rollout = new Rollout(experiment.system, experiment.steps, experiment.dt);
    this.n = experiment.system.stateDim;
    this.controls = this.rollout.controlCount;
    this.paramCount = this.mlp.paramCount;
    this.u = new Float64Array(maxBatch * this.controls);
    this.y = new Float64Array(maxBatch * this.n);
    this.lambda = new Float64Array(maxBatch * this.n);
    this.lambdaOne = new Float64Array(this.n);
    this.yOne = new Float64Array(this.n);
    this.targetOne = new Float64Array(experiment.loss.targetDim);
    this.parallel = new ParallelSensitivities(experiment, this.rollout, maxBatch);
    this.allComponents = Int32Array.from({ length: this.n }, (_, i) => i);
  }

  /** The network's controls for samples [offset, offset+B) into this.u. */
  forward(params: Float64Array, data: Dataset, offset: number, B: number): void {
    const d = this.experiment.network.inputDim;
    this.mlp.forward(this.u, params, data.input.subarray(offset * d, (offset + B) * d), B);
  }

  /** Threads the last batch's sensitivities were split over (1: not split). */
  get sensitivityThreads(): number {
    return this.parallel.lastThreads;
  }

  /** Initial states of samples [offset, offset+B). */
  initial(data: Dataset, offset: number, B: number): Float64Array {
    return data.initial.subarray(offset * this.n, (offset + B) * this.n);
  }

  /** λ_b = ∂(L_b/B)/∂y_b for sample offset+b, from its final state y [n]. */
  cotangent(data: Dataset, offset: number, B: number): FinalCotangent {
    const { loss } = this.experiment;
    return (lambda, y, b) => {
      loss.gradient(lambda, y, this.targetOf(data, offset + b));
      for (let j = 0; j < lambda.length; j++) lambda[j] /= B;
    };
  }

  /** Fills this.lambda from this.y for a batch: ∂(loss/B)/∂y. */
  batchCotangent(data: Dataset, offset: number, B: number): void {
    const fill = this.cotangent(data, offset, B);
    const n = this.n;
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < n; j++) this.yOne[j] = this.y[b * n + j];
      fill(this.lambdaOne, this.yOne, b);
      this.lambda.set(this.lambdaOne, b * n);
    }
  }

  /**
   * this.y, dydu [B×n×controls] and this.lambda for samples [offset, offset+B) under controls u.
   * Throws a NonFiniteError if λ or dy/du is not finite (the physics blew up), so that the run
   * diverges instead of a solver rejecting its input. With `threads` > 1 and dydu in the kernels'
   * shared memory, large batches are split by samples over worker threads (same results).
   */
  sensitivitiesAndCotangent(dydu: Float64Array, data: Dataset, offset: number, u: Float64Array, B: number, threads = 1): void {
    const s0 = this.initial(data, offset, B);
    if (!this.parallel.run(this.y, dydu, s0, u, B, threads)) {
      // A system with products only has its dy/du assembled row by row from adjoint sweeps.
      if (this.rollout.hasDenseJacobians) this.rollout.sensitivities(this.y, dydu, s0, u, B);
      else this.rollout.sensitivityRows(this.y, dydu, s0, u, B, this.allComponents);
    }
    this.batchCotangent(data, offset, B);
    assertFinite(this.lambda, 'loss gradient (the physics blew up)', B * this.n);
    assertFinite(dydu, 'physics Jacobian (the physics blew up)', B * this.n * this.controls);
  }

  /** The loss of the final state in row b of this.y against the target of sample i of data. */
  sampleLoss(b: number, data: Dataset, i: number): number {
    const n = this.n;
    for (let j = 0; j < n; j++) this.yOne[j] = this.y[b * n + j];
    return this.experiment.loss.value(this.yOne, this.targetOf(data, i));
  }

  /**
   * out [k] = √w_r·(y_b[c_r] − target_i[r]) for the loss's squares (components c, weights w): the
   * residual r with loss = |r|², for the final state in row b of this.y and sample i of data.
   */
  squaresResidual(out: Float64Array, b: number, data: Dataset, i: number, components: Int32Array, rootWeights: Float64Array): Float64Array {
    const k = components.length;
    const n = this.n;
    for (let r = 0; r < k; r++) out[r] = rootWeights[r] * (this.y[b * n + components[r]] - data.target[i * k + r]);
    return out;
  }

  /** Sample i's target, copied into a scratch buffer (no view allocated per sample). */
  private targetOf(data: Dataset, i: number): Float64Array {
    const k = this.targetOne.length;
    for (let j = 0; j < k; j++) this.targetOne[j] = data.target[i * k + j];
    return this.targetOne;
  }

  /** Sum of the losses of samples [offset, offset+count) under the given parameters; count <= maxBatch. */
  lossSum(params: Float64Array, data: Dataset, offset: number, count: number): number {
    this.forward(params, data, offset, count);
    this.rollout.final(this.y, this.initial(data, offset, count), this.u, count);
    let total = 0;
    for (let b = 0; b < count; b++) total += this.sampleLoss(b, data, offset + b);
    return total;
  }

  /** Mean loss over a whole dataset under the given parameters, in chunks of maxBatch. */
  meanLoss(params: Float64Array, data: Dataset): number {
    let total = 0;
    for (let offset = 0; offset < data.size; offset += this.maxBatch) total += this.lossSum(params, data, offset, Math.min(this.maxBatch, data.size - offset));
    return total / data.size;
  }
}
