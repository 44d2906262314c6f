import type { AffineStep } from './affine-step.js';
import { identity, matmulKernel, matvec } from './small-matrix.js';
import type { MatmulKernel } from './small-matrix.js';
import type { PhysicsSystem } from './system.js';

/** y = φ·s0 + D·u + c_T over the whole horizon of an affine step. */
export interface HorizonMap {
  /** φ = js^steps [n×n]. */
  readonly phi: Float64Array;
  /** D [n×(steps·m)], column block t = js^(steps-1-t)·ju. */
  readonly d: Float64Array;
  /** c_T [n], the image of the constant term. */
  readonly cT: Float64Array;
}

/**
 * From this state size on, sensitivities are built row by row from the system's stepVjp
 * (n sweeps of O(n)-to-O(n²) products) rather than by chaining dense n×n step Jacobians (O(n³)
 * a step); below it the dense chain is cheaper, as each VJP re-evaluates the step's stages.
 */
const VJP_SWEEPS_FROM_DIM = 8;

/**
 * The dense fast path of a Rollout, for systems with per-step Jacobians (small states): forward
 * sensitivities dy/du [n×(steps·m)] of one sample by chaining n×n step Jacobians (or by n
 * reverse sweeps of the step's VJP), and, for an affine step, the horizon map computed once.
 * Its n×n buffers exist only for such systems.
 */
export class DenseSensitivities {
  private readonly n: number;
  private readonly m: number;
  private readonly js: Float64Array;
  private readonly ju: Float64Array;
  private readonly phi: Float64Array; // ∂y/∂s_t [n×n]
  private readonly phiNext: Float64Array;
  private readonly block: Float64Array;
  private readonly out: Float64Array;
  private readonly cur: Float64Array;
  private readonly uStep: Float64Array;
  private readonly gStep: Float64Array;
  /** The backward chain's products φ·ju (n×n by n×m) and φ·js (n×n by n×n). */
  private readonly productU: MatmulKernel;
  private readonly productS: MatmulKernel;
  /** The n cotangents of `bySweeps` as row views, before and after a step; allocated on first use. */
  private sweeps: { rows: Float64Array[]; nextRows: Float64Array[] } | null = null;
  /** Scratch of `controlJacobian`: a zero state tangent, a unit control tangent, one column of ju. */
  private readonly zeroState: Float64Array;
  private readonly unitControl: Float64Array;
  private readonly jvpColumn: Float64Array;
  private horizon: HorizonMap | null = null;

  constructor(
    private readonly system: PhysicsSystem,
    private readonly steps: number,
    private readonly dt: number,
    readonly affine: AffineStep | null,
  ) {
    const n = (this.n = system.stateDim);
    const m = (this.m = system.controlDim);
    this.js = new Float64Array(n * n);
    this.ju = new Float64Array(n * m);
    this.phi = new Float64Array(n * n);
    this.phiNext = new Float64Array(n * n);
    this.block = new Float64Array(n * m);
    this.out = new Float64Array(n);
    this.cur = new Float64Array(n);
    this.uStep = new Float64Array(m);
    this.gStep = new Float64Array(m);
    this.zeroState = new Float64Array(n);
    this.unitControl = new Float64Array(m);
    this.jvpColumn = new Float64Array(n);
    this.productU = matmulKernel(n, n, m);
    this.productS = matmulKernel(n, n, n);
  }

  /**
   * dydu [n×(steps·m)] at `offset` for sample b, from its trajectory states [(steps+1)×n] and the
   * batch's controls u [B×(steps·m)].
   */
  sample(dydu: Float64Array, offset: number, states: Float64Array, u: Float64Array, b: number): void {
    const { n, steps } = this;
    if (this.system.stepVjp !== undefined && n >= VJP_SWEEPS_FROM_DIM) {
      this.bySweeps(dydu, offset, states, u, b);
      return;
    }
    identity(this.phi, n);
    for (let t = steps - 1; t >= 0; t--) {
      this.load(states, u, b, t);
      this.system.stepJacobians!(this.out, this.js, this.ju, this.cur, this.uStep, this.dt);
      this.chainStep(dydu, offset, t, this.js, this.ju);
    }
  }

  /**
   * Row i of dy/du is the adjoint of λ = e_i: n reverse sweeps of O(n) VJPs each. The sweeps go
   * back through the steps side by side, so each step's state and control are loaded once, and a
   * system that keeps per-step work (a factorisation) reuses it n times. For a complex-linear
   * step (see PhysicsSystem.complexLinear) the sweep of e_{n/2+k} = i·e_k is i times that of e_k,
   * so only the first n/2 are swept; row n/2+k's entries are juᵀ(i·λ_k), from ju by stepJvp.
   */
  private bySweeps(dydu: Float64Array, offset: number, states: Float64Array, u: Float64Array, b: number): void {
    const { n, m, steps, dt, system, gStep, cur, uStep, out, ju } = this;
    const cols = steps * m;
    const half = n / 2;
    const complex = system.complexLinear === true && m < half;
    const swept = complex ? half : n;
    // Row i is the cotangent of sweep i; each step reads `rows` and writes `nextRows`, then they
    // swap, so the system works on views of the two blocks and nothing is copied.
    const sweeps = (this.sweeps ??= { rows: rowViews(n), nextRows: rowViews(n) });
    for (let i = 0; i < swept; i++) {
      sweeps.rows[i].fill(0);
      sweeps.rows[i][i] = 1;
    }
    for (let t = steps - 1; t >= 0; t--) {
      this.load(states, u, b, t);
      for (let k = 0; k < n; k++) out[k] = states[(t + 1) * n + k];
      const { rows, nextRows } = sweeps;
      if (complex) this.controlJacobian();
      for (let i = 0; i < swept; i++) {
        const lambda = rows[i];
        system.stepVjp!(nextRows[i], gStep, cur, uStep, dt, lambda, out);
        const at = offset + i * cols + t * m;
        for (let j = 0; j < m; j++) dydu[at + j] = gStep[j];
        if (!complex) continue;
        // (i·λ)ᵀ ju with i·[Re; Im] = [−Im; Re].
        const atI = at + half * cols;
        for (let j = 0; j < m; j++) {
          let acc = 0;
          for (let k = 0; k < half; k++) acc += ju[(half + k) * m + j] * lambda[k] - ju[k * m + j] * lambda[half + k];
          dydu[atI + j] = acc;
        }
      }
      sweeps.rows = nextRows;
      sweeps.nextRows = rows;
    }
  }

  /** this.ju [n×m] = ∂s_{t+1}/∂u_t at the loaded step (this.cur, this.uStep; this.out the state after it), column by column from stepJvp. */
  private controlJacobian(): void {
    const { n, m, ju, out, unitControl: du, jvpColumn: column } = this;
    for (let j = 0; j < m; j++) {
      du.fill(0);
      du[j] = 1;
      this.system.stepJvp!(column, this.cur, this.uStep, this.dt, this.zeroState, du, out);
      for (let k = 0; k < n; k++) ju[k * m + j] = column[k];
    }
  }

  /**
   * The affine case as one map over the whole horizon: y = φ·s0 + D·u + c_T, with
   * φ = js^steps, D [n×(steps·m)] whose column block t is js^(steps-1-t)·ju, and c_T the image of
   * the constant term. Computed once; every sample then costs two small matrix-vector products.
   */
  horizonMap(): HorizonMap {
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

  /** y [n] at yOff = φ·s0_b + D·u_b + c_T for sample b. */
  finalAffine(y: Float64Array, yOff: number, s0: Float64Array, u: Float64Array, b: number): void {
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

  /** ∂L/∂u_b = Dᵀλ into gu [cols] at gOff, and ∂L/∂s0_b = φᵀλ into gs0 [n] at sOff when given. */
  adjointAffine(gu: Float64Array, gOff: number, gs0: Float64Array | null, sOff: number, lam: Float64Array): void {
    const { n } = this;
    const cols = this.steps * this.m;
    const { phi, d } = this.horizonMap();
    for (let j = 0; j < cols; j++) gu[gOff + j] = 0;
    for (let i = 0; i < n; i++) {
      const li = lam[i];
      for (let j = 0; j < cols; j++) gu[gOff + j] += d[i * cols + j] * li;
    }
    if (!gs0) return;
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let i = 0; i < n; i++) acc += phi[i * n + j] * lam[i];
      gs0[sOff + j] = acc;
    }
  }

  /** out [n] at oOff = φ·s0Dot + D·uDot for one sample's tangents (at sOff and uOff). */
  jvpAffine(out: Float64Array, oOff: number, s0Dot: Float64Array | null, sOff: number, uDot: Float64Array, uOff: number): void {
    const { n } = this;
    const cols = this.steps * this.m;
    const { phi, d } = this.horizonMap();
    for (let i = 0; i < n; i++) {
      let acc = 0;
      if (s0Dot) for (let j = 0; j < n; j++) acc += phi[i * n + j] * s0Dot[sOff + j];
      for (let j = 0; j < cols; j++) acc += d[i * cols + j] * uDot[uOff + j];
      out[oOff + i] = acc;
    }
  }

  /** s_{t+1} = js·s_t + ju·u_t + c, straight on the trajectory states [(steps+1)×n] of sample b. */
  simulateAffine(states: Float64Array, u: Float64Array, b: number): void {
    const { n, m, steps } = this;
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

  /**
   * One step of the backward chain for sensitivities, with φ = ∂y/∂s_{t+1} in this.phi: writes
   * the column block t of dy/du, φ·ju [n×m], into out [n×(steps·m)] at offset, then φ ← φ·js.
   */
  private chainStep(out: Float64Array, offset: number, t: number, js: Float64Array, ju: Float64Array): void {
    const { n, m } = this;
    const cols = this.steps * m;
    this.productU(this.block, this.phi, ju);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[offset + i * cols + t * m + j] = this.block[i * m + j];
    this.productS(this.phiNext, this.phi, js);
    this.phi.set(this.phiNext);
  }

  private load(states: Float64Array, u: Float64Array, b: number, t: number): void {
    const { n, m } = this;
    for (let i = 0; i < n; i++) this.cur[i] = states[t * n + i];
    const off = (b * this.steps + t) * m;
    for (let j = 0; j < m; j++) this.uStep[j] = u[off + j];
  }
}

/** n views of the rows of one n×n block. */
function rowViews(n: number): Float64Array[] {
  const block = new Float64Array(n * n);
  return Array.from({ length: n }, (_, i) => block.subarray(i * n, (i + 1) * n));
}
