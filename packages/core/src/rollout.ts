import { isAffineByProducts } from './affine-products.js';
import { detectAffineStep } from './affine-step.js';
import { DenseSensitivities } from './dense-sensitivities.js';
import { stepProducts } from './step-products.js';
import type { StepProducts } from './step-products.js';
import type { PhysicsSystem } from './system.js';

/** Fills lambda [n] = ∂L/∂y for sample b from its final state y [n]. */
export type FinalCotangent = (lambda: Float64Array, y: Float64Array, b: number) => void;

/**
 * Rollouts of a system over `steps` steps of length `dt` for a batch, and their derivatives:
 * forward sensitivities dy/du, Jacobian-vector products and adjoints (vector-Jacobian products).
 * Layouts, row-major: s0 [B×n], controls u [B×(steps·m)] (step t uses u[b, t·m .. t·m+m)),
 * y [B×n], dy/du [B×n×(steps·m)]. Scratch is allocated once per Rollout, never per call.
 *
 * Systems with dense step Jacobians (small states) get the dense fast path: dy/du by chaining
 * n×n Jacobians, and an affine step is turned into one map over the whole horizon. Systems that
 * give products only get no n×n buffer at all: dy/du is then available only as products over the
 * whole horizon (`jvp`, `adjoint`) or as the few rows a caller asks for (`sensitivityRows`).
 * An affine step (declared `linear`, or detected) has the same dy/du for every sample.
 */
export class Rollout {
  readonly n: number;
  readonly m: number;
  private readonly states: Float64Array; // one sample's trajectory [(steps+1)×n]
  private readonly cur: Float64Array;
  private readonly uStep: Float64Array;
  private readonly next: Float64Array;
  private readonly lambda: Float64Array;
  private readonly lambdaNext: Float64Array;
  private readonly gStep: Float64Array;
  private readonly sDot: Float64Array;
  private readonly uDotStep: Float64Array;
  private readonly products: StepProducts;
  private readonly dense: DenseSensitivities | null;
  private readonly affine: boolean;
  /** Trajectories [B×(steps+1)×n] of the last `linearize` (nonlinear systems only), grown as needed. */
  private linearStates: Float64Array | null = null;
  private linearBatch = 0;
  private linearS0: Float64Array | null = null;
  private linearU: Float64Array | null = null;

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
    this.lambda = new Float64Array(n);
    this.lambdaNext = new Float64Array(n);
    this.gStep = new Float64Array(m);
    this.sDot = new Float64Array(n);
    this.uDotStep = new Float64Array(m);
    this.products = stepProducts(system);
    if (system.stepJacobians) {
      const affine = detectAffineStep(system, dt);
      this.dense = new DenseSensitivities(system, steps, dt, affine);
      this.affine = affine !== null;
    } else {
      this.dense = null;
      this.affine = system.linear !== undefined || isAffineByProducts(system, this.products, dt);
    }
  }

  /** Whether the step is affine (declared or detected): then dy/du is the same for every sample. */
  get isAffine(): boolean {
    return this.affine;
  }

  /** Whether the system gives dense step Jacobians: then `sensitivities` forms dy/du; otherwise only products are available. */
  get hasDenseJacobians(): boolean {
    return this.dense !== null;
  }

  /** Number of controls per sample, steps·m. */
  get controlCount(): number {
    return this.steps * this.m;
  }

  /** out [B×n] = final states. */
  final(out: Float64Array, s0: Float64Array, u: Float64Array, batch: number): Float64Array {
    this.checkSizes('final', s0, u, batch);
    checkLength('final', 'out', out, batch * this.n);
    const horizon = this.affineDense();
    if (horizon) {
      for (let b = 0; b < batch; b++) horizon.finalAffine(out, b * this.n, s0, u, b);
      return out;
    }
    for (let b = 0; b < batch; b++) {
      this.simulate(this.states, s0, u, b);
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
      this.simulate(this.states, s0, u, b);
      out.set(this.states, b * len);
    }
    return out;
  }

  /**
   * y [B×n] = final states and dydu [B×n×(steps·m)] = their derivatives with respect to the
   * controls. Only for systems with dense step Jacobians; a system that gives products only has
   * its sensitivities as products (`jvp`, `adjoint`) or as selected rows (`sensitivityRows`).
   */
  sensitivities(y: Float64Array, dydu: Float64Array, s0: Float64Array, u: Float64Array, batch: number): void {
    const dense = this.dense;
    if (!dense) {
      throw new TypeError(`Rollout.sensitivities: system '${this.system.name}' gives derivative products only (no stepJacobians), so dy/du is not formed; use jvp, adjoint or sensitivityRows`);
    }
    this.checkSizes('sensitivities', s0, u, batch);
    const { n, steps } = this;
    const cols = this.controlCount;
    checkLength('sensitivities', 'y', y, batch * n);
    checkLength('sensitivities', 'dydu', dydu, batch * n * cols);
    if (dense.affine) {
      const { d } = dense.horizonMap();
      for (let b = 0; b < batch; b++) {
        dense.finalAffine(y, b * n, s0, u, b);
        dydu.set(d, b * n * cols);
      }
      return;
    }
    for (let b = 0; b < batch; b++) {
      this.simulate(this.states, s0, u, b);
      y.set(this.states.subarray(steps * n), b * n);
      dense.sample(dydu, b * n * cols, this.states, u, b);
    }
  }

  /**
   * y [B×n] = final states, and rows [B×k×(steps·m)]: row r of sample b is w_r·∂y[c_r]/∂u, for the
   * k state components c = `components` and weights w (1 when absent). Each row is one adjoint
   * sweep (a product), so this works for any system and costs k sweeps a sample; an affine
   * system's rows are computed once and shared.
   */
  sensitivityRows(y: Float64Array, rows: Float64Array, s0: Float64Array, u: Float64Array, batch: number, components: ArrayLike<number>, weights?: ArrayLike<number>): void {
    this.checkSizes('sensitivityRows', s0, u, batch);
    const { n, steps } = this;
    const cols = this.controlCount;
    const k = components.length;
    checkLength('sensitivityRows', 'y', y, batch * n);
    checkLength('sensitivityRows', 'rows', rows, batch * k * cols);
    if (weights && weights.length !== k) throw new RangeError(`Rollout.sensitivityRows: weights must have length ${k}, got ${weights.length}`);
    for (let r = 0; r < k; r++) {
      const c = components[r];
      if (!Number.isInteger(c) || c < 0 || c >= n) throw new RangeError(`Rollout.sensitivityRows: components must be in [0, ${n}), got ${c}`);
    }
    for (let b = 0; b < batch; b++) {
      this.simulate(this.states, s0, u, b);
      y.set(this.states.subarray(steps * n), b * n);
      if (this.affine && b > 0) {
        rows.copyWithin(b * k * cols, 0, k * cols);
        continue;
      }
      for (let r = 0; r < k; r++) {
        this.lambda.fill(0);
        this.lambda[components[r]] = weights ? weights[r] : 1;
        this.backward(rows, (b * k + r) * cols, this.states, u, b);
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
    const { n, steps } = this;
    const cols = this.controlCount;
    if (typeof lambda !== 'function') checkLength('adjoint', 'lambda', lambda, batch * n);
    checkLength('adjoint', 'gu', gu, batch * cols);
    if (gs0) checkLength('adjoint', 'gs0', gs0, batch * n);
    const horizon = this.affineDense();
    for (let b = 0; b < batch; b++) {
      if (horizon) {
        if (typeof lambda === 'function') {
          horizon.finalAffine(this.next, 0, s0, u, b);
          lambda(this.lambda, this.next, b);
        } else {
          for (let i = 0; i < n; i++) this.lambda[i] = lambda[b * n + i];
        }
        horizon.adjointAffine(gu, b * cols, gs0, b * n, this.lambda);
        continue;
      }
      this.simulate(this.states, s0, u, b);
      if (typeof lambda === 'function') {
        for (let i = 0; i < n; i++) this.next[i] = this.states[steps * n + i];
        lambda(this.lambda, this.next, b);
      } else {
        for (let i = 0; i < n; i++) this.lambda[i] = lambda[b * n + i];
      }
      this.backward(gu, b * cols, this.states, u, b);
      if (gs0) gs0.set(this.lambda, b * n);
    }
  }

  /**
   * The forward tangent of the rollout: out [B×n] = dy/du·uDot (+ dy/ds0·s0Dot when given) for
   * tangents uDot [B×(steps·m)] and s0Dot [B×n], one Jacobian-vector product per step.
   */
  jvp(out: Float64Array, s0: Float64Array, u: Float64Array, uDot: Float64Array, batch: number, s0Dot: Float64Array | null = null): Float64Array {
    this.checkSizes('jvp', s0, u, batch);
    checkLength('jvp', 'out', out, batch * this.n);
    checkLength('jvp', 'uDot', uDot, batch * this.controlCount);
    if (s0Dot) checkLength('jvp', 's0Dot', s0Dot, batch * this.n);
    for (let b = 0; b < batch; b++) {
      if (!this.affine) this.simulate(this.states, s0, u, b);
      this.forward(out, b, this.states, u, uDot, s0Dot);
    }
    return out;
  }

  /**
   * Fixes the point (s0 [B×n], u [B×(steps·m)]) at which `linearJvp` and `linearVjp` then take
   * products, storing the B trajectories (of a nonlinear system) so that repeated products do
   * not simulate again. The arrays are kept by reference: do not change them in between.
   */
  linearize(s0: Float64Array, u: Float64Array, batch: number): void {
    this.checkSizes('linearize', s0, u, batch);
    this.linearS0 = s0;
    this.linearU = u;
    this.linearBatch = batch;
    if (this.affine) return;
    const len = (this.steps + 1) * this.n;
    if (!this.linearStates || this.linearStates.length < batch * len) this.linearStates = new Float64Array(batch * len);
    for (let b = 0; b < batch; b++) {
      this.simulate(this.states, s0, u, b);
      this.linearStates.set(this.states, b * len);
    }
  }

  /** out [B×n] = dy/du·uDot at the point of the last `linearize`, without simulating again. */
  linearJvp(out: Float64Array, uDot: Float64Array): Float64Array {
    const { batch, u } = this.linearPoint('linearJvp');
    checkLength('linearJvp', 'out', out, batch * this.n);
    checkLength('linearJvp', 'uDot', uDot, batch * this.controlCount);
    const len = (this.steps + 1) * this.n;
    for (let b = 0; b < batch; b++) {
      const states = this.affine ? this.states : this.linearStates!.subarray(b * len, (b + 1) * len);
      this.forward(out, b, states, u, uDot, null);
    }
    return out;
  }

  /** gu [B×(steps·m)] = (dy/du)ᵀλ for lambda [B×n] at the point of the last `linearize`, without simulating again. */
  linearVjp(gu: Float64Array, lambda: Float64Array): Float64Array {
    const { batch, u } = this.linearPoint('linearVjp');
    const { n } = this;
    const cols = this.controlCount;
    checkLength('linearVjp', 'gu', gu, batch * cols);
    checkLength('linearVjp', 'lambda', lambda, batch * n);
    const len = (this.steps + 1) * n;
    for (let b = 0; b < batch; b++) {
      const states = this.affine ? this.states : this.linearStates!.subarray(b * len, (b + 1) * len);
      for (let i = 0; i < n; i++) this.lambda[i] = lambda[b * n + i];
      this.backward(gu, b * cols, states, u, b);
    }
    return gu;
  }

  private linearPoint(fnName: string): { batch: number; s0: Float64Array; u: Float64Array } {
    if (!this.linearS0 || !this.linearU) throw new Error(`Rollout.${fnName}: no linearisation point; call Rollout.linearize first`);
    return { batch: this.linearBatch, s0: this.linearS0, u: this.linearU };
  }

  /**
   * Reverse sweep of sample b from this.lambda = ∂L/∂y: writes its ∂L/∂u [steps·m] into gu at
   * gOff and leaves ∂L/∂s0 in this.lambda. `states` is the sample's trajectory (unused, and
   * possibly stale, for an affine step, whose products do not depend on the state).
   */
  private backward(gu: Float64Array, gOff: number, states: Float64Array, u: Float64Array, b: number): void {
    const { n, m, steps, dt, products } = this;
    for (let t = steps - 1; t >= 0; t--) {
      this.load(states, u, b, t);
      for (let i = 0; i < n; i++) this.next[i] = states[(t + 1) * n + i];
      products.vjp(this.lambdaNext, this.gStep, this.cur, this.uStep, dt, this.lambda, this.next);
      for (let j = 0; j < m; j++) gu[gOff + t * m + j] = this.gStep[j];
      this.lambda.set(this.lambdaNext);
    }
  }

  /** Forward tangent of sample b along its trajectory `states`: out[b] = dy/du·uDot_b (+ dy/ds0·s0Dot_b). */
  private forward(out: Float64Array, b: number, states: Float64Array, u: Float64Array, uDot: Float64Array, s0Dot: Float64Array | null): void {
    const { n, m, steps, dt, products, sDot, uDotStep } = this;
    const cols = this.controlCount;
    const horizon = this.affineDense();
    if (horizon) {
      horizon.jvpAffine(out, b * n, s0Dot, b * n, uDot, b * cols);
      return;
    }
    if (s0Dot) for (let i = 0; i < n; i++) sDot[i] = s0Dot[b * n + i];
    else sDot.fill(0);
    for (let t = 0; t < steps; t++) {
      this.load(states, u, b, t);
      for (let i = 0; i < n; i++) this.next[i] = states[(t + 1) * n + i];
      const off = b * cols + t * m;
      for (let j = 0; j < m; j++) uDotStep[j] = uDot[off + j];
      products.jvp(this.lambdaNext, this.cur, this.uStep, dt, sDot, uDotStep, this.next);
      sDot.set(this.lambdaNext);
    }
    out.set(sDot, b * n);
  }

  /** The dense horizon map of an affine system with dense Jacobians, else null. */
  private affineDense(): DenseSensitivities | null {
    return this.dense?.affine ? this.dense : null;
  }

  /** Fills `states` [(steps+1)×n] with sample b's trajectory. */
  private simulate(states: Float64Array, s0: Float64Array, u: Float64Array, b: number): void {
    const { n, steps, system, dt, cur } = this;
    for (let i = 0; i < n; i++) states[i] = s0[b * n + i];
    const horizon = this.affineDense();
    if (horizon) {
      horizon.simulateAffine(states, u, b);
      return;
    }
    for (let t = 0; t < steps; t++) {
      this.load(states, u, b, t);
      system.step(this.next, cur, this.uStep, dt);
      states.set(this.next, (t + 1) * n);
    }
  }

  /** Copies s_t (from `states`) and u_t of sample b into the per-sample scratch the system reads. */
  private load(states: Float64Array, u: Float64Array, b: number, t: number): void {
    const { n, m } = this;
    for (let i = 0; i < n; i++) this.cur[i] = states[t * n + i];
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
