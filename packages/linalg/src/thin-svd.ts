import { checkAllFinite, checkDim, checkLength } from './check.js';
import { exactScale } from './exact-scale.js';
import { applyQrQ } from './householder-qr.js';
import { NEGLIGIBLE_ROW } from './one-sided-jacobi.js';
import { orthogonalizeRows, qrByColumns } from './svd-kernels.js';

/** Thin singular value decomposition A = U diag(s) V^T. */
export interface ThinSvdResult {
  /** Left singular vectors [m×k] row-major, orthonormal columns. */
  u: Float64Array;
  /** Singular values [k], descending, >= 0. */
  s: Float64Array;
  /** Right singular vectors [n×k] row-major, orthonormal columns. */
  v: Float64Array;
  /** k = min(m, n). */
  k: number;
}

/**
 * Thin SVD of A [m×n] (row-major), the exact reference route: Householder QR of the tall
 * orientation (A or A^T) shrinks the problem to k×k, then one-sided Jacobi orthogonalises R.
 * Never forms A^T A, so small singular values keep their accuracy (errors ~ eps·s_max at worst,
 * not eps·s_max²/s). Left singular vectors of singular values below eps²·s_max (rounding noise,
 * or exact zeros) are completed to an orthonormal set. Cost O(max(m,n)·k²) plus O(k³) per Jacobi sweep.
 */
export function thinSvd(A: Float64Array, m: number, n: number): ThinSvdResult {
  checkDim('thinSvd', 'm', m);
  checkDim('thinSvd', 'n', n);
  checkLength('thinSvd', 'A', A, m * n, 'm*n');
  checkAllFinite('thinSvd', 'A', A);
  return thinSvdCore(A, m, n);
}

/** Unchecked core of `thinSvd`. */
export function thinSvdCore(A: Float64Array, m: number, n: number): ThinSvdResult {
  const f = svdFactors(A, m, n);
  const { S, L } = f;
  // Columns of Q [U_R; 0], as rows of ut [S×L].
  const ut = new Float64Array(S * L);
  for (let j = 0; j < S; j++) {
    for (let k = 0; k < S; k++) ut[j * L + k] = f.w[j * S + k];
    applyQrQ(f.mt, S, L, f.tau, ut, j * L);
  }
  return assemble(f.tall ? ut : f.vt, f.tall ? f.vt : ut, f.sigma, m, n, S, 1 / f.scale);
}

/**
 * The thin SVD in factored form. M = A (tall) or A^T (wide), L×S, is M = Q [W^T; 0] diag(sigma) Vt:
 * Q the Householder factor kept in mt/tau, the rows of w [S×S] the unit left singular vectors of R
 * (so that column j of U_M is Q [w_j; 0]), vt [S×S] the rotations of the Jacobi iteration (row j
 * the right singular vector of sigma_j), and sigma [S] unsorted, for A scaled by `scale`.
 */
export interface SvdFactors {
  readonly tall: boolean;
  readonly L: number;
  readonly S: number;
  readonly mt: Float64Array;
  readonly tau: Float64Array;
  readonly w: Float64Array;
  readonly vt: Float64Array;
  readonly sigma: Float64Array;
  readonly scale: number;
}

/** Everything of `thinSvdCore` but forming the L-long singular vectors (unchecked); the QR on up to `threads` threads. */
export function svdFactors(A: Float64Array, m: number, n: number, threads = 1): SvdFactors {
  const tall = m >= n;
  const L = tall ? m : n;
  const S = tall ? n : m;
  // Work on M = A (tall) or A^T (wide), stored by columns: mt = M^T [S×L].
  let amax = 0;
  for (let i = 0; i < A.length; i++) amax = Math.max(amax, Math.abs(A[i]));
  const scale = exactScale(amax);
  const mt = new Float64Array(S * L);
  if (tall) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) mt[j * L + i] = A[i * n + j] * scale;
  } else {
    for (let i = 0; i < A.length; i++) mt[i] = A[i] * scale;
  }
  const tau = new Float64Array(S);
  qrByColumns(mt, S, L, tau, threads);
  // Rows of w are the columns of R; Jacobi makes them orthogonal, vt collects the rotations.
  const w = new Float64Array(S * S);
  for (let j = 0; j < S; j++) for (let k = 0; k <= j; k++) w[j * S + k] = mt[j * L + k];
  const vt = new Float64Array(S * S);
  for (let j = 0; j < S; j++) vt[j * S + j] = 1;
  orthogonalizeRows(w, S, S, vt, S);
  const sigma = normaliseRows(w, S);
  let smax = 0;
  for (let j = 0; j < S; j++) smax = Math.max(smax, sigma[j]);
  completeOrthonormalRows(w, S, Array.from(sigma, (s) => s > NEGLIGIBLE_ROW * smax));
  return { tall, L, S, mt, tau, w, vt, sigma, scale };
}

/** Returns the row norms of w [S×S] and scales its nonzero rows to unit length. */
function normaliseRows(w: Float64Array, S: number): Float64Array {
  const sigma = new Float64Array(S);
  for (let j = 0; j < S; j++) {
    let ss = 0;
    for (let k = 0; k < S; k++) ss += w[j * S + k] ** 2;
    const nrm = Math.sqrt(ss);
    sigma[j] = nrm;
    if (nrm > 0) for (let k = 0; k < S; k++) w[j * S + k] /= nrm;
  }
  return sigma;
}

/**
 * Rows of u [S×S] not marked valid are zero or noise (Jacobi leaves rows below eps²·max
 * unrotated); replace them by unit vectors orthogonal to every valid row, taken from the
 * canonical basis by Gram–Schmidt run twice. Their singular values are <= eps²·s_max, so this
 * changes U S V^T by less than that.
 */
function completeOrthonormalRows(u: Float64Array, S: number, valid: boolean[]): void {
  const x = new Float64Array(S);
  for (let j = 0; j < S; j++) {
    if (valid[j]) continue;
    for (let c = 0; c < S; c++) {
      x.fill(0);
      x[c] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (let i = 0; i < S; i++) {
          if (!valid[i]) continue;
          let dot = 0;
          for (let k = 0; k < S; k++) dot += u[i * S + k] * x[k];
          for (let k = 0; k < S; k++) x[k] -= dot * u[i * S + k];
        }
      }
      let ss = 0;
      for (let k = 0; k < S; k++) ss += x[k] * x[k];
      // The residuals of all e_c sum to the complement's dimension >= 1, so some exceed 1/S.
      if (ss > 0.5 / S) {
        const inv = 1 / Math.sqrt(ss);
        for (let k = 0; k < S; k++) u[j * S + k] = x[k] * inv;
        valid[j] = true;
        break;
      }
    }
  }
}

/**
 * Sorts by descending sigma and lays out u [m×k], v [n×k] from the singular vectors stored as
 * rows: uRows [k×m], vRows [k×n].
 */
function assemble(uRows: Float64Array, vRows: Float64Array, sigma: Float64Array, m: number, n: number, k: number, unscale: number): ThinSvdResult {
  const order = Array.from({ length: k }, (_, i) => i).sort((i, j) => sigma[j] - sigma[i]);
  const u = new Float64Array(m * k);
  const v = new Float64Array(n * k);
  const s = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    const src = order[t];
    s[t] = sigma[src] * unscale;
    for (let i = 0; i < m; i++) u[i * k + t] = uRows[src * m + i];
    for (let i = 0; i < n; i++) v[i * k + t] = vRows[src * n + i];
  }
  return { u, s, v, k };
}
