import type { Dataset, MethodConfig } from '@hig-lab/core';
import { pinv, SmallPinvBatch } from '@hig-lab/linalg';
import { Adam } from '../adam.js';
import type { TrainingMethod } from '../method.js';
import { assertFinite } from '../non-finite.js';
import type { Problem } from '../problem.js';

/**
 * The per-sample physics inverse of SIP by Gauss–Newton on the controls:
 * u_{k+1} = u_k - pinv(J(u_k), rcond) r_k, with r_k = (B/2)·g_k the residual (= y_k - y* for a
 * squared error; g is ∂(loss/B)/∂y), until a step is below `tolerance` relative to |u| or after
 * `iterations` steps, each damped by a per-sample backtracking line search. For linear physics
 * the first step is exact.
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

  constructor(
    private readonly problem: Problem,
    private readonly B: number,
    private readonly rcond: number,
  ) {
    this.dydu = new Float64Array(B * problem.n * problem.controls);
    this.du = new Float64Array(B * problem.controls);
    this.pinv = new SmallPinvBatch(problem.n, problem.controls);
    this.trial = new Float64Array(B * problem.controls);
    this.before = new Float64Array(B);
    this.after = new Float64Array(B);
    this.scale = new Float64Array(B);
  }

  /** The first step only, du [B×controls] = pinv(J) g: the update SIP applies on linear physics. */
  firstStep(data: Dataset, offset: number, u: Float64Array): Float64Array {
    const { problem, B } = this;
    const g = problem.lambda.subarray(0, B * problem.n);
    problem.rollout.sensitivities(problem.y, this.dydu, problem.initial(data, offset, B), u, B);
    problem.batchCotangent(data, offset, B);
    assertFinite(g, 'loss gradient (the physics blew up)');
    if (!problem.rollout.isAffine) return this.pinv.apply(this.du, this.dydu, g, B, this.rcond);
    // Affine physics: every sample has the same J, so its pseudo-inverse is computed once.
    const { n, controls } = problem;
    this.sharedPinv ??= pinv(new Float64Array(controls * n), this.dydu.subarray(0, n * controls), n, controls, this.rcond);
    for (let b = 0; b < B; b++) matvecAt(this.du, b * controls, this.sharedPinv, g, b * n, controls, n);
    return this.du;
  }

  /**
   * Iterates from u (overwritten with the solution); returns the number of steps taken. Each
   * sample's step is halved until its loss does not increase (a backtracking line search), as
   * undamped Gauss–Newton can overshoot on strongly nonlinear physics.
   */
  solve(data: Dataset, offset: number, u: Float64Array, iterations: number, tolerance: number): number {
    const { problem, B } = this;
    const c = problem.controls;
    const half = B / 2;
    for (let k = 1; k <= iterations; k++) {
      const du = this.firstStep(data, offset, u);
      this.sampleLosses(this.before, data, offset);
      this.scale.fill(1);
      for (let halvings = 0; ; halvings++) {
        for (let i = 0; i < u.length; i++) this.trial[i] = u[i] - half * this.scale[Math.floor(i / c)] * du[i];
        problem.rollout.final(problem.y, problem.initial(data, offset, B), this.trial, B);
        this.sampleLosses(this.after, data, offset);
        let worse = false;
        for (let b = 0; b < B; b++) {
          if (!(this.after[b] <= this.before[b])) {
            this.scale[b] /= 2;
            worse = true;
          }
        }
        if (!worse || halvings === MAX_HALVINGS) break;
      }
      let step = 0;
      let size = 0;
      for (let i = 0; i < u.length; i++) {
        step += (this.trial[i] - u[i]) ** 2;
        size += this.trial[i] ** 2;
      }
      u.set(this.trial);
      if (Math.sqrt(step) <= tolerance * (1 + Math.sqrt(size))) return k;
    }
    return iterations;
  }

  /** Per-sample losses of the final states in problem.y. */
  private sampleLosses(out: Float64Array, data: Dataset, offset: number): void {
    const { loss } = this.problem.experiment;
    const n = this.problem.n;
    const k = loss.targetDim;
    for (let b = 0; b < this.B; b++) {
      const i = offset + b;
      out[b] = loss.value(this.problem.y.subarray(b * n, b * n + n), data.target.subarray(i * k, i * k + k));
    }
  }
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
