import type { Dataset, MethodConfig } from '@hig-lab/core';
import { pinv, SmallPinvBatch } from '@hig-lab/linalg';
import { Adam } from '../adam.js';
import { adamState } from '../method.js';
import type { TrainingMethod } from '../method.js';
import type { Problem } from '../problem.js';
import { assertFinite } from '../non-finite.js';
import { lossSquares } from './loss-squares.js';
import type { LossSquares } from './loss-squares.js';

/**
 * The per-sample physics inverse of SIP: Gauss–Newton on the loss itself. The loss is a sum of
 * squares L = |r(y)|², r_k = √w_k·(y[c_k] − y*_k) (FinalStateLoss.squares), so with
 * R = ∂r/∂u = √W·S·dy/du (the rows of the physics Jacobian the loss sees) a step is
 * u_{k+1} = u_k − pinv(R(u_k), rcond)·r_k, each damped by a per-sample backtracking line search.
 * A loss on part of the state thus moves only what it measures (the minimum-norm step of
 * S·dy/du), rather than also holding the rest of the state in place. An experiment's own
 * `physicsInverse` replaces pinv(dy/du) when given (its loss must then cover the whole state).
 * A sample is done once its step is below `tolerance` relative to its |u|; the others go on,
 * alone, for at most `iterations` steps. For linear physics the first step is exact.
 */
export class PhysicsInverse {
  private readonly squares: LossSquares;
  private readonly dydu: Float64Array;
  /** The rows √W·S·dy/du of the loss's squares [B×k×controls], when they are not dy/du itself. */
  private readonly rows: Float64Array;
  private readonly rhs: Float64Array;
  private readonly residual: Float64Array;
  private readonly du: Float64Array;
  private readonly pinv: SmallPinvBatch;
  private sharedPinv: Float64Array | null = null;
  private readonly trial: Float64Array;
  private readonly before: Float64Array;
  private readonly scale: Float64Array;
  /** Indices (within the batch) of the samples still being solved, the first `count` used. */
  private readonly active: Int32Array;
  /** The active samples' initial states and targets, packed. */
  private readonly packed: Dataset;
  /** The active samples' controls, packed [B×controls]. */
  private readonly packedU: Float64Array;
  /** Rows (within packed) of the samples the line search still has to re-simulate. */
  private readonly retry: Int32Array;
  /** Their initial states [B×n] and trial controls [B×controls], gathered for one rollout. */
  private readonly retryInitial: Float64Array;
  private readonly retryU: Float64Array;

  constructor(
    private readonly problem: Problem,
    private readonly B: number,
    private readonly rcond: number,
  ) {
    const { n, controls } = problem;
    this.squares = lossSquares(problem.experiment);
    const k = this.squares.components.length;
    const inverse = problem.experiment.physicsInverse !== undefined;
    // dy/du is formed only for the dense route with the whole state in the loss; the others form
    // k rows (or nothing, with the experiment's own inverse).
    this.dydu = new Float64Array(!inverse && this.squares.wholeState ? B * n * controls : 0);
    this.rows = new Float64Array(!inverse && !this.squares.wholeState ? B * k * controls : 0);
    this.rhs = new Float64Array(B * k);
    this.residual = new Float64Array(k);
    this.du = new Float64Array(B * controls);
    this.pinv = new SmallPinvBatch(k, controls);
    this.trial = new Float64Array(B * controls);
    this.before = new Float64Array(B);
    this.scale = new Float64Array(B);
    this.active = new Int32Array(B);
    const targetDim = problem.experiment.loss.targetDim;
    this.packed = { size: B, initial: new Float64Array(B * n), input: new Float64Array(0), target: new Float64Array(B * targetDim) };
    this.packedU = new Float64Array(B * controls);
    this.retry = new Int32Array(B);
    this.retryInitial = new Float64Array(B * n);
    this.retryU = new Float64Array(B * controls);
  }

  /**
   * The first step only, du [count×controls] = pinv(R_b)·(2/count)·r_b for samples
   * [offset, offset+count) (count defaults to the batch): the update SIP applies on linear
   * physics. With the whole state in the loss at unit weights, R = dy/du and (2/count)·r is the
   * loss gradient g = ∂(loss/count)/∂y.
   */
  firstStep(data: Dataset, offset: number, u: Float64Array, count = this.B): Float64Array {
    const { problem } = this;
    const inverse = problem.experiment.physicsInverse;
    if (inverse) return this.stepByExperimentInverse(inverse, data, offset, u, count);
    if (this.squares.wholeState) return this.stepOnWholeState(data, offset, u, count);
    return this.stepOnRows(data, offset, u, count);
  }

  /** du_b = pinv(dy/du_b)·g_b: the loss is Σ_i (y_i − y*_i)² over the whole state. */
  private stepOnWholeState(data: Dataset, offset: number, u: Float64Array, count: number): Float64Array {
    const { problem } = this;
    const { n, controls } = problem;
    problem.sensitivitiesAndCotangent(this.dydu, data, offset, u, count);
    const g = problem.lambda.subarray(0, count * n);
    return this.solveRows(this.dydu, g, n, count, controls);
  }

  /** du_b = pinv(√W·S·dy/du_b)·(2/count)·r_b, the rows of the loss's squares taken by adjoint sweeps. */
  private stepOnRows(data: Dataset, offset: number, u: Float64Array, count: number): Float64Array {
    const { problem, squares, rhs, residual } = this;
    const k = squares.components.length;
    const { controls } = problem;
    problem.rollout.sensitivityRows(problem.y, this.rows, problem.initial(data, offset, count), u, count, squares.components, squares.rootWeights);
    problem.batchCotangent(data, offset, count);
    for (let b = 0; b < count; b++) {
      problem.squaresResidual(residual, b, data, offset + b, squares.components, squares.rootWeights);
      for (let r = 0; r < k; r++) rhs[b * k + r] = (2 / count) * residual[r];
    }
    assertFiniteRows(this.rows, count * k * controls, rhs, count * k);
    return this.solveRows(this.rows, rhs.subarray(0, count * k), k, count, controls);
  }

  /** du_b = physicsInverse(g_b): the experiment's own (regularised) inverse of the linearised rollout. */
  private stepByExperimentInverse(inverse: NonNullable<Problem['experiment']['physicsInverse']>, data: Dataset, offset: number, u: Float64Array, count: number): Float64Array {
    const { problem } = this;
    const { n, controls } = problem;
    const s0 = problem.initial(data, offset, count);
    problem.rollout.final(problem.y, s0, u, count);
    problem.batchCotangent(data, offset, count);
    for (let b = 0; b < count; b++) {
      inverse(this.du.subarray(b * controls, (b + 1) * controls), problem.lambda.subarray(b * n, (b + 1) * n), s0.subarray(b * n, (b + 1) * n), u.subarray(b * controls, (b + 1) * controls));
    }
    assertFiniteRows(this.du, count * controls, problem.lambda, count * n);
    return this.du;
  }

  /** du [count×controls] = pinv(J_b, rcond)·g_b for J [count×rows×controls]; once for all when the physics is affine. */
  private solveRows(J: Float64Array, g: Float64Array, rows: number, count: number, controls: number): Float64Array {
    if (!this.problem.rollout.isAffine) {
      return this.pinv.apply(this.du.subarray(0, count * controls), J.subarray(0, count * rows * controls), g, count, this.rcond);
    }
    // Affine physics: every sample has the same J, so its pseudo-inverse is computed once.
    this.sharedPinv ??= pinv(new Float64Array(controls * rows), J.subarray(0, rows * controls), rows, controls, this.rcond);
    for (let b = 0; b < count; b++) matvecAt(this.du, b * controls, this.sharedPinv, g, b * rows, controls, rows);
    return this.du;
  }

  /**
   * Iterates from the batch's controls u (overwritten with the solution); returns the number of
   * steps the slowest sample took. Each sample's step is halved until its loss does not increase
   * (a backtracking line search), as undamped Gauss–Newton can overshoot on strongly nonlinear
   * physics. Samples that are done leave the iteration, so the few slow ones cost little.
   */
  solve(data: Dataset, offset: number, u: Float64Array, iterations: number, tolerance: number): number {
    const { problem, packed, packedU } = this;
    const width = problem.experiment.loss.targetDim;
    let count = this.B;
    packed.initial.set(problem.initial(data, offset, count));
    packed.target.set(data.target.subarray(offset * width, (offset + count) * width));
    packedU.set(u.subarray(0, count * problem.controls));
    for (let b = 0; b < count; b++) this.active[b] = b;
    for (let k = 1; k <= iterations; k++) {
      const du = this.firstStep(packed, 0, packedU, count);
      for (let b = 0; b < count; b++) this.before[b] = problem.sampleLoss(b, packed, b);
      this.lineSearch(du, count);
      count = this.keepUnconverged(u, count, tolerance);
      if (count === 0) return k;
    }
    return iterations;
  }

  /**
   * Writes the trial controls of the `count` packed samples back to u, then moves those not yet
   * converged down to the first rows of the packed buffers (with trial as their controls) and
   * returns how many they are.
   */
  private keepUnconverged(u: Float64Array, count: number, tolerance: number): number {
    const { problem, active, packedU, trial } = this;
    const { initial, target } = this.packed;
    const { n, controls: c } = problem;
    const width = problem.experiment.loss.targetDim;
    let still = 0;
    for (let b = 0; b < count; b++) {
      let step = 0;
      let size = 0;
      const from = b * c;
      const to = active[b] * c;
      for (let j = 0; j < c; j++) {
        const x = trial[from + j];
        step += (x - packedU[from + j]) ** 2;
        size += x * x;
        u[to + j] = x;
      }
      if (!(Math.sqrt(step) > tolerance * (1 + Math.sqrt(size)))) continue;
      copyRow(packedU, still, trial, b, c);
      if (still !== b) {
        copyRow(initial, still, initial, b, n);
        copyRow(target, still, target, b, width);
        active[still] = active[b];
      }
      still++;
    }
    return still;
  }

  /**
   * Fills trial [count×controls] with packedU - (count/2)·s_b·du, halving s_b (from 1) while
   * sample b's loss is above this.before[b]; only the samples whose step was halved are
   * simulated again.
   */
  private lineSearch(du: Float64Array, count: number): void {
    const { problem, packed, packedU, trial, scale, retry, retryInitial, retryU } = this;
    const { n, controls: c } = problem;
    const half = count / 2;
    for (let i = 0; i < count * c; i++) trial[i] = packedU[i] - half * du[i];
    // Rollout.final reads the first rows of longer buffers: no views needed.
    problem.rollout.final(problem.y, packed.initial, trial, count);
    scale.fill(1, 0, count);
    for (let b = 0; b < count; b++) retry[b] = b;
    let left = count;
    for (let halvings = 0; ; halvings++) {
      // Row r of problem.y is the final state of packed sample retry[r].
      let worse = 0;
      for (let r = 0; r < left; r++) {
        const b = retry[r];
        if (!(problem.sampleLoss(r, packed, b) <= this.before[b])) retry[worse++] = b;
      }
      left = worse;
      if (left === 0 || halvings === MAX_HALVINGS) return;
      for (let r = 0; r < left; r++) {
        const b = retry[r];
        scale[b] /= 2;
        const s = half * scale[b];
        for (let j = 0; j < c; j++) trial[b * c + j] = packedU[b * c + j] - s * du[b * c + j];
        copyRow(retryU, r, trial, b, c);
        copyRow(retryInitial, r, packed.initial, b, n);
      }
      problem.rollout.final(problem.y, retryInitial, retryU, left);
    }
  }
}

/** Row `row` of `from` into row `b` of `to`, both [·×width]. */
function copyRow(to: Float64Array, b: number, from: Float64Array, row: number, width: number): void {
  for (let j = 0; j < width; j++) to[b * width + j] = from[row * width + j];
}

/** out[o..o+rows) = a [rows×cols] · x[xo..xo+cols). */
function matvecAt(out: Float64Array, o: number, a: Float64Array, x: Float64Array, xo: number, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    let acc = 0;
    for (let j = 0; j < cols; j++) acc += a[i * cols + j] * x[xo + j];
    out[o + i] = acc;
  }
}

/** Non-finite rows or residuals mean the physics blew up: the run diverges rather than a solver rejecting its input. */
function assertFiniteRows(rows: Float64Array, rowCount: number, rhs: Float64Array, rhsCount: number): void {
  assertFinite(rhs, 'loss residual (the physics blew up)', rhsCount);
  assertFinite(rows, 'physics Jacobian (the physics blew up)', rowCount);
}

/** Backtracking halves a sample's Gauss–Newton step at most this often per iteration. */
const MAX_HALVINGS = 12;

/**
 * Scale-Invariant Physics: invert the physics per sample, then fit the network to the
 * improved controls with Adam.
 *
 * With J_b = dy_b/du_b and g_b = ∂(loss/B)/∂y_b, the update of the controls is
 * Δu_b = pinv(J_b, rcond) g_b and the proxy target ũ_b = u_b - Δu_b; the network then takes an
 * Adam step on Σ_b |ũ_b - f(x_b)|²/B, whose gradient with respect to f is 2Δu/B.
 *
 * Nonlinear physics (`inverseIterations` > 1): the physics inverse is solved by Gauss–Newton
 * (PhysicsInverse) to u*, and Δu = (2/B)(u - u*), the same scale as the linear rule, which it
 * reproduces exactly when the physics is linear.
 */
export function scaleInvariantPhysics(problem: Problem, config: MethodConfig): TrainingMethod {
  const B = config.batchSize;
  const size = B * problem.controls;
  const iterations = config.inverseIterations ?? 1;
  const tolerance = config.inverseTolerance ?? 1e-10;
  const inverse = new PhysicsInverse(problem, B, config.rcond ?? 1e-5);
  const adam = new Adam(problem.paramCount, config.learningRate);
  const grad = new Float64Array(problem.paramCount);
  const target = new Float64Array(size);
  const cot = new Float64Array(size);

  return {
    name: 'SIP',
    config,
    ...adamState(adam),
    update(params, data, offset) {
      problem.forward(params, data, offset, B);
      const u = problem.u.subarray(0, size);
      if (iterations <= 1) {
        const du = inverse.firstStep(data, offset, u);
        for (let i = 0; i < size; i++) cot[i] = (2 / B) * du[i];
      } else {
        target.set(u);
        inverse.solve(data, offset, target, iterations, tolerance);
        for (let i = 0; i < size; i++) cot[i] = (2 / B) * ((2 / B) * (u[i] - target[i]));
      }
      grad.fill(0);
      problem.mlp.backward(grad, cot, B);
      adam.step(params, grad);
    },
  };
}
