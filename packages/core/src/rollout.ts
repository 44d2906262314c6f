import { matmul, matTvec, identity } from './small-matrix.js';
import type { PhysicsSystem } from './system.js';

/** Fills lambda [n] = ∂L/∂y for sample b from its final state y [n]. */
export type FinalCotangent = (lambda: Float64Array, y: Float64Array, b: number) => void;

/**
 * Rollouts of a system over `steps` steps of length `dt` for a batch, and their derivatives:
 * forward sensitivities dy/du and adjoints (vector-Jacobian products). Layouts, row-major:
 * s0 [B×n], controls u [B×(steps·m)] (step t uses u[b, t·m .. t·m+m)), y [B×n],
 * dy/du [B×n×(steps·m)]. Scratch is allocated once per Rollout, never per call.
 */
export class Rollout {
  readonly n: number;
  readonly m: number;
  private readonly states: Float64Array; // one sample's trajectory [(steps+1)×n]
  private readonly cur: Float64Array;
  private readonly uStep: Float64Array;
  private readonly next: Float64Array;
  private readonly js: Float64Array;
  private readonly ju: Float64Array;
  private readonly phi: Float64Array; // ∂y/∂s_t [n×n]
  private readonly phiNext: Float64Array;
  private readonly block: Float64Array;
  private readonly lambda: Float64Array;
  private readonly lambdaNext: Float64Array;
  private readonly gStep: Float64Array;

  constructor(
    readonly system: PhysicsSystem,
    readonly steps: number,
    readonly dt: number,
  ) {
    if (!Number.isInteger(steps) || steps <= 0) throw new RangeError(`Rollout: steps must be a positive integer, got ${steps}`);
    if (!(dt > 0) || !Number.isFinite(dt)) throw new RangeError(`Rollout: dt must be a positive number, got ${dt}`);
    const n = (this.n = system.stateDim);
    const m = (this.m = system.controlDim);
    this.states = new Float64Array((steps + 1) * n);
    this.cur = new Float64Array(n);
    this.uStep = new Float64Array(m);
    this.next = new Float64Array(n);
    this.js = new Float64Array(n * n);
    this.ju = new Float64Array(n * m);
    this.phi = new Float64Array(n * n);
    this.phiNext = new Float64Array(n * n);
    this.block = new Float64Array(n * m);
    this.lambda = new Float64Array(n);
    this.lambdaNext = new Float64Array(n);
    this.gStep = new Float64Array(m);
  }

  /** Number of controls per sample, steps·m. */
  get controlCount(): number {
    return this.steps * this.m;
  }

  /** out [B×n] = final states. */
  final(out: Float64Array, s0: Float64Array, u: Float64Array, batch: number): Float64Array {
    this.checkSizes('final', s0, u, batch);
    checkLength('final', 'out', out, batch * this.n);
    for (let b = 0; b < batch; b++) {
      this.simulate(s0, u, b);
      out.set(this.states.subarray(this.steps * this.n), b * this.n);
    }
    return out;
  }

  /** out [B×(steps+1)×n] = every state of every sample, the initial one first. */
  trajectory(out: Float64Array, s0: Float64Array, u: Float64Array, batch: number): Float64Array {
    this.checkSizes('trajectory', s0, u, batch);
    const len = (this.steps + 1) * this.n;
    checkLength('trajectory', 'out', out, batch * len);
    for (let b = 0; b < batch; b++) {
      this.simulate(s0, u, b);
      out.set(this.states, b * len);
    }
    return out;
  }

  /** y [B×n] = final states and dydu [B×n×(steps·m)] = their derivatives with respect to the controls. */
  sensitivities(y: Float64Array, dydu: Float64Array, s0: Float64Array, u: Float64Array, batch: number): void {
    this.checkSizes('sensitivities', s0, u, batch);
    const { n, m, steps } = this;
    const cols = steps * m;
    checkLength('sensitivities', 'y', y, batch * n);
    checkLength('sensitivities', 'dydu', dydu, batch * n * cols);
    for (let b = 0; b < batch; b++) {
      this.simulate(s0, u, b);
      y.set(this.states.subarray(steps * n), b * n);
      identity(this.phi, n);
      for (let t = steps - 1; t >= 0; t--) {
        this.jacobiansAt(u, b, t);
        matmul(this.block, this.phi, this.ju, n, n, m);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < m; j++) dydu[(b * n + i) * cols + t * m + j] = this.block[i * m + j];
        }
        matmul(this.phiNext, this.phi, this.js, n, n, n);
        this.phi.set(this.phiNext);
      }
    }
  }

  /**
   * The adjoint of the rollout: for lambda [B×n] = ∂L/∂y, writes gu [B×(steps·m)] = ∂L/∂u and,
   * when given, gs0 [B×n] = ∂L/∂s0. `lambda` may instead be a function that fills one sample's
   * λ [n] from its final state y [n], so that a loss gradient costs a single simulation.
   */
  adjoint(gu: Float64Array, gs0: Float64Array | null, s0: Float64Array, u: Float64Array, lambda: Float64Array | FinalCotangent, batch: number): void {
    this.checkSizes('adjoint', s0, u, batch);
    const { n, m, steps } = this;
    if (typeof lambda !== 'function') checkLength('adjoint', 'lambda', lambda, batch * n);
    checkLength('adjoint', 'gu', gu, batch * steps * m);
    if (gs0) checkLength('adjoint', 'gs0', gs0, batch * n);
    for (let b = 0; b < batch; b++) {
      this.simulate(s0, u, b);
      if (typeof lambda === 'function') lambda(this.lambda, this.states.subarray(steps * n), b);
      else this.lambda.set(lambda.subarray(b * n, b * n + n));
      for (let t = steps - 1; t >= 0; t--) {
        this.vjpAt(u, b, t);
        gu.set(this.gStep, (b * steps + t) * m);
        this.lambda.set(this.lambdaNext);
      }
      if (gs0) gs0.set(this.lambda, b * n);
    }
  }

  /** lambdaNext = jsᵀ λ and gStep = juᵀ λ at step t of sample b. */
  private vjpAt(u: Float64Array, b: number, t: number): void {
    const { n, m, system } = this;
    if (system.stepVjp) {
      this.loadStep(u, b, t);
      system.stepVjp(this.lambdaNext, this.gStep, this.cur, this.uStep, this.dt, this.lambda);
      return;
    }
    this.jacobiansAt(u, b, t);
    matTvec(this.gStep, this.ju, this.lambda, n, m);
    matTvec(this.lambdaNext, this.js, this.lambda, n, n);
  }

  /** Fills this.states with sample b's trajectory. */
  private simulate(s0: Float64Array, u: Float64Array, b: number): void {
    const { n, steps, system, dt, cur } = this;
    this.states.set(s0.subarray(b * n, b * n + n));
    for (let t = 0; t < steps; t++) {
      this.loadStep(u, b, t);
      system.step(this.next, cur, this.uStep, dt);
      this.states.set(this.next, (t + 1) * n);
    }
  }

  /** Step Jacobians at (s_t, u_t) of sample b, from the stored trajectory. */
  private jacobiansAt(u: Float64Array, b: number, t: number): void {
    this.loadStep(u, b, t);
    this.system.stepJacobians(this.next, this.js, this.ju, this.cur, this.uStep, this.dt);
  }

  /** Copies s_t and u_t of sample b into the per-sample scratch the system reads. */
  private loadStep(u: Float64Array, b: number, t: number): void {
    const { n, m } = this;
    for (let i = 0; i < n; i++) this.cur[i] = this.states[t * n + i];
    const off = (b * this.steps + t) * m;
    for (let j = 0; j < m; j++) this.uStep[j] = u[off + j];
  }

  private checkSizes(fnName: string, s0: Float64Array, u: Float64Array, batch: number): void {
    if (!Number.isInteger(batch) || batch < 0) throw new RangeError(`Rollout.${fnName}: batch must be a non-negative integer, got ${batch}`);
    checkLength(fnName, 's0', s0, batch * this.n);
    checkLength(fnName, 'u', u, batch * this.steps * this.m);
  }
}

function checkLength(fnName: string, name: string, a: Float64Array, expected: number): void {
  if (a.length < expected) throw new RangeError(`Rollout.${fnName}: ${name} must have length >= ${expected}, got ${a.length}`);
}
