import type { Dataset, MethodConfig } from '@hig-lab/core';
import { pinv, SmallPinvBatch } from '@hig-lab/linalg';
import { Adam } from '../adam.js';
import type { TrainingMethod } from '../method.js';
import { assertFinite } from '../non-finite.js';
import type { Problem } from '../problem.js';

/**
 * The per-sample physics inverse of SIP by Gauss–Newton on the controls:
 * u_{k+1} = u_k - pinv(J(u_k), rcond) r_k, with r_k = (A/2)·g_k the residual (= y_k - y* for a
 * squared error; g is ∂(loss/A)/∂y over the A samples being solved), each step damped by a
 * per-sample backtracking line search. A sample is done once its step is below `tolerance`
 * relative to its |u|; the others go on, alone, for at most `iterations` steps. For linear
 * physics the first step is exact.
 */
export class PhysicsInverse {
  private readonly dydu: Float64Array;
  private readonly du: Float64Array;
  private readonly pinv: SmallPinvBatch;
  private sharedPinv: Float64Array | null = null;
  private readonly trial: Float64Array;
  private readonly before: Float64Array;
  private readonly after: Float64Array;
  private readonly scale: Float64Array;
  /** Indices (within the batch) of the samples still being solved, the first `count` used. */
  private readonly active: Int32Array;
  /** The active samples' initial states and targets, packed. */
  private readonly packed: Dataset;
  /** The active samples' controls, packed [B×controls]. */
  private readonly packedU: Float64Array;

  constructor(
    private readonly problem: Problem,
    private readonly B: number,
    private readonly rcond: number,
  ) {
    const { n, controls } = problem;
    this.dydu = new Float64Array(B * n * controls);
    this.du = new Float64Array(B * controls);
    this.pinv = new SmallPinvBatch(n, controls);
    this.trial = new Float64Array(B * controls);
    this.before = new Float64Array(B);
    this.after = new Float64Array(B);
    this.scale = new Float64Array(B);
    this.active = new Int32Array(B);
    const targetDim = problem.experiment.loss.targetDim;
    this.packed = { size: B, initial: new Float64Array(B * n), input: new Float64Array(0), target: new Float64Array(B * targetDim) };
    this.packedU = new Float64Array(B * controls);
  }

  /**
   * The first step only, du [count×controls] = pinv(J) g for samples [offset, offset+count)
   * (count defaults to the batch): the update SIP applies on linear physics.
   */
  firstStep(data: Dataset, offset: number, u: Float64Array, count = this.B): Float64Array {
    const { problem } = this;
    const g = problem.lambda.subarray(0, count * problem.n);
    problem.rollout.sensitivities(problem.y, this.dydu, problem.initial(data, offset, count), u, count);
    problem.batchCotangent(data, offset, count);
    assertFinite(g, 'loss gradient (the physics blew up)');
    if (!problem.rollout.isAffine) {
      const { n, controls } = problem;
      return this.pinv.apply(this.du.subarray(0, count * controls), this.dydu.subarray(0, count * n * controls), g, count, this.rcond);
    }
    // Affine physics: every sample has the same J, so its pseudo-inverse is computed once.
    const { n, controls } = problem;
    this.sharedPinv ??= pinv(new Float64Array(controls * n), this.dydu.subarray(0, n * controls), n, controls, this.rcond);
    for (let b = 0; b < count; b++) matvecAt(this.du, b * controls, this.sharedPinv, g, b * n, controls, n);
    return this.du;
  }

  /**
   * Iterates from the batch's controls u (overwritten with the solution); returns the number of
   * steps the slowest sample took. Each sample's step is halved until its loss does not increase
   * (a backtracking line search), as undamped Gauss–Newton can overshoot on strongly nonlinear
   * physics. Samples that are done leave the iteration, so the few slow ones cost little.
   */
  solve(data: Dataset, offset: number, u: Float64Array, iterations: number, tolerance: number): number {
    const { problem, active, packed, packedU, trial } = this;
    const c = problem.controls;
    let count = this.B;
    for (let b = 0; b < count; b++) active[b] = b;
    for (let k = 1; k <= iterations; k++) {
      this.pack(data, offset, u, count);
      const du = this.firstStep(packed, 0, packedU, count);
      this.sampleLosses(this.before, packed, count);
      this.scale.fill(1, 0, count);
      const half = count / 2;
      for (let halvings = 0; ; halvings++) {
        for (let i = 0; i < count * c; i++) trial[i] = packedU[i] - half * this.scale[Math.floor(i / c)] * du[i];
        problem.rollout.final(problem.y, problem.initial(packed, 0, count), trial, count);
        this.sampleLosses(this.after, packed, count);
        let worse = false;
        for (let b = 0; b < count; b++) {
          if (!(this.after[b] <= this.before[b])) {
            this.scale[b] /= 2;
            worse = true;
          }
        }
        if (!worse || halvings === MAX_HALVINGS) break;
      }
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
        if (Math.sqrt(step) > tolerance * (1 + Math.sqrt(size))) active[still++] = active[b];
      }
      count = still;
      if (count === 0) return k;
    }
    return iterations;
  }

  /** Copies the initial states, targets and controls of the first `count` active samples into the packed buffers. */
  private pack(data: Dataset, offset: number, u: Float64Array, count: number): void {
    const { n, controls: c } = this.problem;
    const k = this.problem.experiment.loss.targetDim;
    const { initial, target } = this.packed;
    for (let b = 0; b < count; b++) {
      const s = this.active[b];
      copyRow(initial, b, data.initial, offset + s, n);
      copyRow(target, b, data.target, offset + s, k);
      copyRow(this.packedU, b, u, s, c);
    }
  }

  /** Per-sample losses of the final states in problem.y for samples [0, count) of `data`. */
  private sampleLosses(out: Float64Array, data: Dataset, count: number): void {
    const { loss } = this.problem.experiment;
    const n = this.problem.n;
    const k = loss.targetDim;
    for (let b = 0; b < count; b++) {
      out[b] = loss.value(this.problem.y.subarray(b * n, b * n + n), data.target.subarray(b * k, b * k + k));
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
