import { checkAllFinite, checkDim, checkLength, checkNonNegative, checkFinite } from './check.js';
import { RotationLog } from './rotation-log.js';
import { tridiagonalEigen } from './tridiagonal-eigen.js';

/** out [m] = G·x [m] for a symmetric positive semi-definite G that is only available as a product. */
export type SymmetricProduct = (out: Float64Array, x: Float64Array) => void;

/** How a truncated solve went. */
export interface LanczosReport {
  /** Lanczos steps taken: the dimension of the Krylov space built from g (one product each). */
  readonly steps: number;
  /** Ritz values above the cut-off: the directions of G the weights keep. */
  readonly kept: number;
  /** The largest Ritz value, which approximates λ_max(G) from below. */
  readonly lambdaMax: number;
  /**
   * True when the weights stopped changing (to `tolerance`) or the Krylov space became invariant
   * (then they are exact but for rounding); false when `maxSteps` ran out first.
   */
  readonly converged: boolean;
}

export interface LanczosOptions {
  /** Relative change of the weights between two checks below which they count as converged. Default 1e-9. */
  readonly tolerance?: number;
  /** Gram eigenvalues below floor·λ_max are dropped whatever rcond says (rounding noise). Default 1e-14. */
  readonly floor?: number;
}

/**
 * The truncated route to the half-inverse, for Gram matrices too large to form or decompose:
 * w ≈ U φ(Λ) Uᵀ g for G = J Jᵀ = U Λ Uᵀ, φ(λ) = λ^{-(1+β)/2} above max(rcond², floor)·λ_max and
 * 0 below (the contract of `GramHalfInverse.weights`), from products with G only.
 *
 * Lanczos from q₁ = g/|g| with full reorthogonalisation (classical Gram–Schmidt, twice) builds an
 * orthonormal basis Q_k of the Krylov space K_k(G, g) and the tridiagonal T_k = Q_kᵀ G Q_k; then
 * w_k = |g| Q_k φ(T_k) e₁, with φ(T_k) from T_k's eigenvalues and recorded rotations (no
 * eigenvectors formed). Only directions in which g has a component can matter to w, and these are
 * exactly what K(G, g) holds: once the space is invariant (at most rank(G) + 1 steps) w_k equals
 * the dense route's w but for rounding. Before that, w_k is checked every few steps and accepted
 * once it changes by less than `tolerance` of its size; the steps are capped at `maxSteps`.
 *
 * Cost: k products with G, plus 4·k²·m for reorthogonalisation, plus O(k²) per check; memory
 * (k + 1)·m for the basis. It beats the dense route ((4/3)·m³ and m² memory) when w converges in
 * k ≪ m steps, and is the only route when m² does not fit.
 *
 * Accuracy: like the dense Gram route it works on G = J Jᵀ, so a singular value s of J is resolved
 * to relative accuracy ~eps·(s_max/s)²; the Ritz values near the cut-off converge last, so
 * directions just above or below it may be kept or dropped differently from the dense route
 * until the space is complete. The tests check it against the dense route on small cases.
 */
export class LanczosHalfInverse {
  /** Size of G. */
  readonly m: number;
  /** At most this many Lanczos steps (and basis vectors). */
  readonly maxSteps: number;
  private readonly basis: Float64Array; // q_i = basis[i·m .. (i+1)·m), i ≤ maxSteps
  private readonly alpha: Float64Array;
  private readonly beta: Float64Array;
  private readonly z: Float64Array;
  private readonly d: Float64Array;
  private readonly e: Float64Array;
  private readonly coef: Float64Array;
  private readonly previous: Float64Array;
  private readonly log: RotationLog;

  /** Preallocates the basis for `maxSteps` (default min(m, 512)) steps on a G of size m. */
  constructor(m: number, maxSteps = Math.min(m, 512)) {
    checkDim('LanczosHalfInverse', 'm', m);
    checkDim('LanczosHalfInverse', 'maxSteps', maxSteps);
    this.m = m;
    this.maxSteps = Math.min(maxSteps, m);
    const k = this.maxSteps;
    this.basis = new Float64Array((k + 1) * m);
    this.alpha = new Float64Array(k);
    this.beta = new Float64Array(k);
    this.z = new Float64Array(m);
    this.d = new Float64Array(k);
    this.e = new Float64Array(k);
    this.coef = new Float64Array(k);
    this.previous = new Float64Array(k);
    this.log = new RotationLog(64 * k); // grows by doubling: a few k² rotations for a complete space
  }

  /**
   * out [m] = the weights w for G (given by `product`) and g [m]; then Jᵀw = J^{+β} g when
   * G = J Jᵀ, keeping only the directions above the cut-off. beta: 1 gives the pseudo-inverse,
   * 1/2 the half-inverse; rcond >= 0 is relative to the largest singular value of J.
   */
  weights(out: Float64Array, product: SymmetricProduct, g: Float64Array, beta: number, rcond: number, options: LanczosOptions = {}): LanczosReport {
    const fn = 'LanczosHalfInverse.weights';
    checkLength(fn, 'out', out, this.m, 'm');
    checkLength(fn, 'g', g, this.m, 'm');
    checkAllFinite(fn, 'g', g);
    checkFinite(fn, 'beta', beta);
    checkNonNegative(fn, 'rcond', rcond);
    if (typeof product !== 'function') throw new TypeError(`${fn}: product must be a function, got ${typeof product}`);
    const tolerance = options.tolerance ?? 1e-9;
    const floor = options.floor ?? 1e-14;
    checkNonNegative(fn, 'options.tolerance', tolerance);
    checkNonNegative(fn, 'options.floor', floor);
    return this.solve(out, product, g, beta, Math.max(rcond * rcond, floor), tolerance);
  }

  private solve(out: Float64Array, product: SymmetricProduct, g: Float64Array, beta: number, relCut: number, tolerance: number): LanczosReport {
    const { m, basis, alpha, z } = this;
    const gNorm = norm(g, 0, m);
    out.fill(0);
    if (gNorm === 0) return { steps: 0, kept: 0, lambdaMax: 0, converged: true };
    for (let i = 0; i < m; i++) basis[i] = g[i] / gNorm;
    let bound = 0; // Gershgorin bound on |T|, the scale for an invariant subspace
    let nextCheck = 8;
    let last = { kept: 0, lambdaMax: 0 };
    let haveCheck = false;
    for (let j = 0; j < this.maxSteps; j++) {
      const q = basis.subarray(j * m, (j + 1) * m);
      product(z, q);
      checkAllFinite('LanczosHalfInverse.weights', 'product(q)', z);
      alpha[j] = dot(q, z, m);
      reorthogonalize(z, basis, j + 1, m);
      reorthogonalize(z, basis, j + 1, m);
      const b = norm(z, 0, m);
      this.beta[j] = b;
      bound = Math.max(bound, Math.abs(alpha[j]) + b + (j > 0 ? this.beta[j - 1] : 0));
      const steps = j + 1;
      const complete = b <= 64 * Number.EPSILON * bound * Math.sqrt(m) || steps === m;
      const stop = complete || steps === this.maxSteps;
      if (stop || steps >= nextCheck) {
        last = this.coefficients(steps, beta, relCut);
        const change = haveCheck ? relativeChange(this.coef, this.previous, steps) : Infinity;
        this.previous.set(this.coef.subarray(0, steps));
        this.previous.fill(0, steps);
        haveCheck = true;
        nextCheck = steps + Math.max(4, steps >> 3);
        if (stop || change <= tolerance) {
          this.combine(out, steps, gNorm);
          const converged = complete || change <= tolerance;
          return { steps, ...last, converged };
        }
      }
      const next = basis.subarray((j + 1) * m, (j + 2) * m);
      for (let i = 0; i < m; i++) next[i] = z[i] / b;
    }
    // maxSteps = 0 cannot happen (checked); the loop always returns at its last step.
    throw new Error('LanczosHalfInverse: unreachable');
  }

  /** this.coef [k] = φ(T_k) e₁ for the tridiagonal (alpha, beta) of the first k steps. */
  private coefficients(k: number, beta: number, relCut: number): { kept: number; lambdaMax: number } {
    const { d, e, coef, log } = this;
    d.set(this.alpha.subarray(0, k));
    e.set(this.beta.subarray(0, k));
    coef.fill(0);
    coef[0] = 1;
    tridiagonalEigen(d, e, k, log, coef); // coef <- Zᵀ e₁
    let lambdaMax = 0;
    for (let i = 0; i < k; i++) if (d[i] > lambdaMax) lambdaMax = d[i];
    const cut = relCut * lambdaMax;
    const expo = -0.5 * (1 + beta);
    let kept = 0;
    for (let i = 0; i < k; i++) {
      const l = d[i];
      if (!(l > cut)) coef[i] = 0;
      else {
        coef[i] *= l ** expo;
        kept++;
      }
    }
    log.apply(coef); // coef <- Z φ(Λ) Zᵀ e₁
    return { kept, lambdaMax };
  }

  /** out = |g|·Σ_i coef_i q_i over the first k basis vectors. */
  private combine(out: Float64Array, k: number, gNorm: number): void {
    const { m, basis, coef } = this;
    out.fill(0);
    for (let i = 0; i < k; i++) {
      const c = gNorm * coef[i];
      if (c === 0) continue;
      const o = i * m;
      for (let t = 0; t < m; t++) out[t] += c * basis[o + t];
    }
  }
}

/** z ← z − Q Qᵀ z over the first `count` basis vectors, one (modified) Gram–Schmidt pass; run twice. */
function reorthogonalize(z: Float64Array, basis: Float64Array, count: number, m: number): void {
  for (let i = 0; i < count; i++) {
    const o = i * m;
    let c = 0;
    for (let t = 0; t < m; t++) c += basis[o + t] * z[t];
    if (c === 0) continue;
    for (let t = 0; t < m; t++) z[t] -= c * basis[o + t];
  }
}

/** |a − b| / |a| over the first k entries (b zero beyond what it held). */
function relativeChange(a: Float64Array, b: Float64Array, k: number): number {
  let diff = 0, size = 0;
  for (let i = 0; i < k; i++) {
    diff += (a[i] - b[i]) ** 2;
    size += a[i] * a[i];
  }
  return size > 0 ? Math.sqrt(diff / size) : 0;
}

function dot(a: Float64Array, b: Float64Array, m: number): number {
  let acc = 0;
  for (let i = 0; i < m; i++) acc += a[i] * b[i];
  return acc;
}

function norm(a: Float64Array, offset: number, m: number): number {
  let acc = 0;
  for (let i = 0; i < m; i++) acc += a[offset + i] ** 2;
  return Math.sqrt(acc);
}
