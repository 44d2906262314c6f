import { allocShared, isShared, wasmKernels } from '@hig-lab/kernels';
import { checkAllFinite, checkDim, checkDistinct, checkFinite, checkLength, checkNonNegative } from './check.js';
import { RotationLog } from './rotation-log.js';
import { tridiagonalEigen } from './tridiagonal-eigen.js';
import { TridiagonalReducer } from './tridiagonal-reducer.js';
import { applyQ, applyQt } from './tridiagonalize.js';

/**
 * The fast Gram route to the half-inverse, the hot path of HIG training.
 *
 * For a Jacobian J [m×P] with m << P and G = J J^T = U Λ U^T, the half-inverse applied to g is
 * J^{+β} g = V S^{-β} U^T g = J^T U Λ^{-(1+β)/2} U^T g = J^T w, so only the small eigen-problem of
 * G is needed; the caller forms J^T w itself. No eigenvectors are formed: G is tridiagonalised in
 * place (T = Q^T G Q), the QR iteration records its rotations (T = Z Λ Z^T), and
 * w = Q Z phi(Λ) Z^T Q^T g is applied to the vector directly, O(m²) beyond the (4/3) m³ reduction.
 *
 * Accuracy: eigenvalues of G carry absolute errors ~ m eps λ_max (and forming G = J J^T already
 * perturbs it by ~ P eps ||J||²), so a singular value σ of J is resolved to relative accuracy
 * ~ eps (σ_max / σ)², versus ~ eps σ_max / σ on the SVD route. Use this route when cond(J) is
 * well below 1/sqrt(eps) ≈ 1e8 on the kept directions, i.e. rcond well above 1e-8.
 */
export class GramHalfInverse {
  /** Size of the Gram matrix. */
  readonly m: number;
  /** Directions (eigenvalues above the cut-off) the last solve kept. */
  kept = 0;
  private readonly reducer: TridiagonalReducer;
  private readonly y: Float64Array;
  private readonly log: RotationLog;

  /**
   * Preallocates every workspace for Gram matrices [m×m]. `rotationCapacity` is the initial size of
   * the rotation record (about m² are typical; it grows by doubling if ever exceeded).
   * `options.threads` (default 1): threads the reduction's matrix-matrix updates may use when
   * large enough (the WebAssembly route; the result does not depend on it).
   */
  constructor(m: number, rotationCapacity = 4 * m * m, options: { readonly threads?: number } = {}) {
    checkDim('GramHalfInverse', 'm', m);
    this.m = m;
    this.reducer = new TridiagonalReducer(m, options.threads ?? 1);
    this.y = wasmKernels() ? allocShared(this, m) : new Float64Array(m);
    this.log = new RotationLog(rotationCapacity);
  }

  /**
   * w = U phi(Λ) U^T g for G = U Λ U^T, phi(λ) = λ^{-(1+β)/2} if λ > max(rcond², floor) λ_max, else 0.
   * Then J^T w = J^{+β} g when G = J J^T, dropping singular values σ <= rcond σ_max.
   *
   * out [m] (may alias g); G [m×m] symmetric positive semi-definite, only its upper triangle is
   * read and it may be OVERWRITTEN (used as workspace: always on the plain TypeScript route, and
   * on the WebAssembly route when G is a view of the kernels' shared memory (`allocShared` of
   * @hig-lab/kernels), which saves copying it); g [m]; beta: 1 gives the pseudo-inverse,
   * 0 the orthogonal factor, 1/2 the half-inverse; rcond >= 0 relative cutoff on singular values.
   * floor >= 0: eigenvalues of a Gram matrix below ~1e-14 λ_max are rounding noise (forming
   * G = J J^T and the eigen-solver each leave absolute errors of about sqrt(P)·eps·λ_max ≈ 1e-14 λ_max
   * for P ~ 1e3), so they are always dropped, whatever rcond says; pass 0 to rely on rcond alone.
   * Allocates nothing (except rarely growing the rotation record).
   */
  weights(out: Float64Array, G: Float64Array, g: Float64Array, beta: number, rcond: number, floor = 1e-14): Float64Array {
    const m = this.m;
    checkLength('GramHalfInverse.weights', 'out', out, m, 'm');
    checkLength('GramHalfInverse.weights', 'G', G, m * m, 'm*m');
    checkLength('GramHalfInverse.weights', 'g', g, m, 'm');
    checkDistinct('GramHalfInverse.weights', 'G', G, 'out', out);
    checkDistinct('GramHalfInverse.weights', 'G', G, 'g', g);
    checkAllFinite('GramHalfInverse.weights', 'G', G);
    checkAllFinite('GramHalfInverse.weights', 'g', g);
    checkFinite('GramHalfInverse.weights', 'beta', beta);
    checkNonNegative('GramHalfInverse.weights', 'rcond', rcond);
    checkNonNegative('GramHalfInverse.weights', 'floor', floor);
    return this.weightsCore(out, G, g, beta, rcond, floor);
  }

  /** Unchecked core of `weights`: same contract, but sizes, overlaps and finiteness are the caller's to ensure. */
  weightsCore(out: Float64Array, G: Float64Array, g: Float64Array, beta: number, rcond: number, floor = 1e-14): Float64Array {
    const { m, y, log } = this;
    const { d, e, tau } = this.reducer;
    const reflectors = this.reducer.reduce(G);
    y.set(g);
    applyReflectors(reflectors, m, tau, y, true);
    tridiagonalEigen(d, e, m, log, y);
    let lmax = 0;
    for (let i = 0; i < m; i++) if (d[i] > lmax) lmax = d[i];
    if (lmax > 0) {
      this.kept = scaleBySpectrum(y, d, m, beta, Math.max(rcond * rcond, floor) * lmax);
    } else {
      y.fill(0);
      this.kept = 0;
    }
    log.apply(y);
    applyReflectors(reflectors, m, tau, y, false);
    out.set(y);
    return out;
  }
}

/** y <- Q^T y (transpose) or Q y: on the WebAssembly kernel when every array is in its shared memory. */
function applyReflectors(reflectors: Float64Array, m: number, tau: Float64Array, y: Float64Array, transpose: boolean): void {
  const kernels = wasmKernels();
  if (kernels && isShared(reflectors) && isShared(tau) && isShared(y)) kernels.exports.applyTridiagonalQ(reflectors.byteOffset, m, tau.byteOffset, y.byteOffset, transpose ? 1 : 0);
  else if (transpose) applyQt(reflectors, m, tau, y);
  else applyQ(reflectors, m, tau, y);
}

/** y_i <- phi(λ_i) y_i with phi(λ) = λ^{-(1+β)/2} above the cutoff, 0 at or below it; returns how many are above. */
function scaleBySpectrum(y: Float64Array, d: Float64Array, m: number, beta: number, cutoff: number): number {
  const expo = -0.5 * (1 + beta);
  let kept = 0;
  for (let i = 0; i < m; i++) {
    const l = d[i];
    if (!(l > cutoff)) {
      y[i] = 0;
      continue;
    }
    kept++;
    if (beta === 1) y[i] /= l;
    else if (beta === 0) y[i] /= Math.sqrt(l);
    else y[i] *= l ** expo;
  }
  return kept;
}
