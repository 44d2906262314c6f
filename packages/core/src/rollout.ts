import { detectAffineStep } from './affine-step.js';
import type { AffineStep } from './affine-step.js';
import { identity, matmul, matTvec, matvec } from './small-matrix.js';
import type { PhysicsSystem } from './system.js';

interface HorizonMap {
  readonly phi: Float64Array;
  readonly d: Float64Array;
  readonly cT: Float64Array;
}

/**
 * From this state size on, sensitivities are built row by row from the system's stepVjp
 * (n sweeps of O(n)-to-O(n²) products) rather than by chaining dense n×n step Jacobians (O(n³)
 * a step); below it the dense chain is cheaper, as each VJP re-evaluates the step's stages.
 */
const VJP_SWEEPS_FROM_DIM = 8;

/** Fills lambda [n] = ∂L/∂y for sample b from its final state y [n]. */
export type FinalCotangent = (lambda: Float64Array, y: Float64Array, b: number) => void;

/**
 * Rollouts of a system over `steps` steps of length `dt` for a batch, and their derivatives:
 * forward sensitivities dy/du and adjoints (vector-Jacobian products). Layouts, row-major:
 * s0 [B×n], controls u [B×(steps·m)] (step t uses u[b, t·m .. t·m+m)), y [B×n],
 * dy/du [B×n×(steps·m)]. Scratch is allocated once per Rollout, never per call.
 *
 * An affine step (RK4 of a linear ODE) is detected once: its rollouts are then matrix-vector
 * products and its sensitivities, the same for every sample, are computed once.
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
  /** Two buffers of the n cotangents of `sensitivitiesBySweeps`, [n×n] each as n row views, made on first use. */
  private sweepRows: Float64Array[][] | null = null;
  private readonly affine: AffineStep | null;
  private horizon: HorizonMap | null = null;

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
    this.affine = detectAffineStep(system, dt);
  }

  /** Whether the step was detected to be affine (and the fast path is used): then dy/du is the same for every sample. */
  get isAffine(): boolean {
    return this.affine !== null;
  }

  /** Number of controls per sample, steps·m. */
  get controlCount(): number {
    return this.steps * this.m;
  }

  /** out [B×n] = final states. */
  final(out: Float64Array, s0: Float64Array, u: Float64Array, batch: number): Float64Array {
    this.checkSizes('final', s0, u, batch);
    checkLength('final', 'out', out, batch * this.n);
    if (this.affine) {
      for (let b = 0; b < batch; b++) this.finalAffine(out, b * this.n, s0, u, b);
      return out;
    }
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
    if (this.affine) {
      const { d } = this.horizonMap();
      for (let b = 0; b < batch; b++) {
        this.finalAffine(y, b * n, s0, u, b);
        dydu.set(d, b * n * cols);
      }
      return;
    }
    const bySweeps = this.system.stepVjp !== undefined && n >= VJP_SWEEPS_FROM_DIM;
    for (let b = 0; b < batch; b++) {
      this.simulate(s0, u, b);
      y.set(this.states.subarray(steps * n), b * n);
      if (bySweeps) {
        this.sensitivitiesBySweeps(dydu, u, b);
        continue;
      }
      identity(this.phi, n);
      for (let t = steps - 1; t >= 0; t--) {
        this.jacobiansAt(u, b, t);
        this.chainStep(dydu, b * n * cols, t, this.js, this.ju);
      }
    }
  }

  /**
   * Row i of dy/du for sample b is the adjoint of λ = e_i: n reverse sweeps of O(n) VJPs each.
   * The sweeps go back through the steps side by side, so each step's state and control are
   * loaded once, and a system that keeps per-step work (a factorisation) reuses it n times.
   */
  private sensitivitiesBySweeps(dydu: Float64Array, u: Float64Array, b: number): void {
    const { n, m, steps, dt, system, gStep, cur, uStep, next } = this;
    const cols = steps * m;
    // Row i of each buffer is the cotangent of sweep i, as views made once: each step reads one
    // buffer's rows and writes the other's, with no copies in between.
    const rows = (this.sweepRows ??= [0, 1].map(() => {
      const buffer = new Float64Array(n * n);
      return Array.from({ length: n }, (_, i) => buffer.subarray(i * n, (i + 1) * n));
    }));
    let [from, to] = rows;
    for (let i = 0; i < n; i++) {
      from[i].fill(0);
      from[i][i] = 1;
    }
    for (let t = steps - 1; t >= 0; t--) {
      this.loadStep(u, b, t);
      for (let k = 0; k < n; k++) next[k] = this.states[(t + 1) * n + k];
      for (let i = 0; i < n; i++) {
        system.stepVjp!(to[i], gStep, cur, uStep, dt, from[i], next);
        const at = (b * n + i) * cols + t * m;
        for (let j = 0; j < m; j++) dydu[at + j] = gStep[j];
      }
      const swap = from;
      from = to;
      to = swap;
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
    if (this.affine) {
      this.adjointAffine(gu, gs0, s0, u, lambda, batch);
      return;
    }
    for (let b = 0; b < batch; b++) {
      this.simulate(s0, u, b);
      if (typeof lambda === 'function') {
        for (let i = 0; i < n; i++) this.next[i] = this.states[steps * n + i];
        lambda(this.lambda, this.next, b);
      } else {
        for (let i = 0; i < n; i++) this.lambda[i] = lambda[b * n + i];
      }
      for (let t = steps - 1; t >= 0; t--) {
        this.vjpAt(u, b, t);
        gu.set(this.gStep, (b * steps + t) * m);
        this.lambda.set(this.lambdaNext);
      }
      if (gs0) gs0.set(this.lambda, b * n);
    }
  }

  /**
   * The affine case as one map over the whole horizon: y = φ·s0 + D·u + c_T, with
   * φ = js^steps, D [n×(steps·m)] whose column block t is js^(steps-1-t)·ju, and c_T the image of
   * the constant term. Computed once; every sample then costs two small matrix-vector products.
   */
  private horizonMap(): HorizonMap {
    if (this.horizon) return this.horizon;
    const { n, steps } = this;
    const { js, ju, c } = this.affine!;
    const d = new Float64Array(n * steps * this.m);
    const cT = new Float64Array(n);
    const tmp = new Float64Array(n);
    identity(this.phi, n);
    for (let t = steps - 1; t >= 0; t--) {
      matvec(tmp, this.phi, c, n, n);
      for (let i = 0; i < n; i++) cT[i] += tmp[i];
      this.chainStep(d, 0, t, js, ju);
    }
    return (this.horizon = { phi: this.phi.slice(), d, cT });
  }

  /**
   * One step of the backward chain for sensitivities, with φ = ∂y/∂s_{t+1} in this.phi: writes
   * the column block t of dy/du, φ·ju [n×m], into out [n×(steps·m)] at offset, then φ ← φ·js.
   */
  private chainStep(out: Float64Array, offset: number, t: number, js: Float64Array, ju: Float64Array): void {
    const { n, m } = this;
    const cols = this.steps * m;
    matmul(this.block, this.phi, ju, n, n, m);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[offset + i * cols + t * m + j] = this.block[i * m + j];
    matmul(this.phiNext, this.phi, js, n, n, n);
    this.phi.set(this.phiNext);
  }

  /** The affine adjoint: ∂L/∂u_b = Dᵀλ_b and ∂L/∂s0_b = φᵀλ_b. */
  private adjointAffine(gu: Float64Array, gs0: Float64Array | null, s0: Float64Array, u: Float64Array, lambda: Float64Array | FinalCotangent, batch: number): void {
    const { n } = this;
    const cols = this.steps * this.m;
    const { phi, d } = this.horizonMap();
    const lam = this.lambda;
    for (let b = 0; b < batch; b++) {
      if (typeof lambda === 'function') {
        this.finalAffine(this.next, 0, s0, u, b);
        lambda(lam, this.next, b);
      } else {
        for (let i = 0; i < n; i++) lam[i] = lambda[b * n + i];
      }
      const gOff = b * cols;
      for (let j = 0; j < cols; j++) gu[gOff + j] = 0;
      for (let i = 0; i < n; i++) {
        const li = lam[i];
        for (let j = 0; j < cols; j++) gu[gOff + j] += d[i * cols + j] * li;
      }
      if (!gs0) continue;
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let i = 0; i < n; i++) acc += phi[i * n + j] * lam[i];
        gs0[b * n + j] = acc;
      }
    }
  }

  /** y [n] at yOff = φ·s0_b + D·u_b + c_T for sample b. */
  private finalAffine(y: Float64Array, yOff: number, s0: Float64Array, u: Float64Array, b: number): void {
    const { n } = this;
    const { phi, d, cT } = this.horizonMap();
    const cols = this.steps * this.m;
    const sOff = b * n;
    const uOff = b * cols;
    for (let i = 0; i < n; i++) {
      let acc = cT[i];
      for (let j = 0; j < n; j++) acc += phi[i * n + j] * s0[sOff + j];
      for (let j = 0; j < cols; j++) acc += d[i * cols + j] * u[uOff + j];
      y[yOff + i] = acc;
    }
  }

  /** lambdaNext = jsᵀ λ and gStep = juᵀ λ at step t of sample b. */
  private vjpAt(u: Float64Array, b: number, t: number): void {
    const { n, m, system } = this;
    if (system.stepVjp) {
      this.loadStep(u, b, t);
      for (let i = 0; i < n; i++) this.next[i] = this.states[(t + 1) * n + i];
      system.stepVjp(this.lambdaNext, this.gStep, this.cur, this.uStep, this.dt, this.lambda, this.next);
      return;
    }
    this.jacobiansAt(u, b, t);
    matTvec(this.gStep, this.ju, this.lambda, n, m);
    matTvec(this.lambdaNext, this.js, this.lambda, n, n);
  }

  /** Fills this.states with sample b's trajectory. */
  private simulate(s0: Float64Array, u: Float64Array, b: number): void {
    const { n, steps, system, dt, cur } = this;
    for (let i = 0; i < n; i++) this.states[i] = s0[b * n + i];
    if (this.affine) {
      this.simulateAffine(u, b);
      return;
    }
    for (let t = 0; t < steps; t++) {
      this.loadStep(u, b, t);
      system.step(this.next, cur, this.uStep, dt);
      this.states.set(this.next, (t + 1) * n);
    }
  }

  /** s_{t+1} = js·s_t + ju·u_t + c, straight on the stored trajectory. */
  private simulateAffine(u: Float64Array, b: number): void {
    const { n, m, steps, states } = this;
    const { js, ju, c } = this.affine!;
    for (let t = 0; t < steps; t++) {
      const from = t * n;
      const to = from + n;
      const uOff = (b * steps + t) * m;
      for (let i = 0; i < n; i++) {
        let acc = c[i];
        for (let j = 0; j < n; j++) acc += js[i * n + j] * states[from + j];
        for (let j = 0; j < m; j++) acc += ju[i * m + j] * u[uOff + j];
        states[to + i] = acc;
      }
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
