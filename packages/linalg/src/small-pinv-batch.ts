import { checkAllFinite, checkCount, checkDim, checkLength, checkNonNegative } from './check.js';
import { jacobiRows } from './one-sided-jacobi.js';

/**
 * Batched pseudo-inverse solves for many small Jacobians (the SIP method): for each sample b,
 * out_b = pinv(J_b, rcond) g_b with J_b [rows×cols], typically rows ≈ 4, cols ≈ 24, batch 256.
 *
 * Route: one-sided Jacobi on the vectors of the short side, not the rows×rows Gram eigen-problem.
 * Forming J J^T would square the condition number (a singular value s resolved only to
 * ~eps·(s_max/s)² relative accuracy); Jacobi works on J itself and keeps ~eps·s_max/s (better
 * still for badly row-scaled J) at about the same cost for so few rows.
 * - rows <= cols: rotating rows gives W = G J_b with orthogonal rows w_t, so
 *   pinv(J_b) g = Σ_t w_t (G g)_t / |w_t|², with G g obtained by rotating g alongside.
 * - rows > cols: the same on K = J_b^T (W = G K), so pinv(J_b) g = G^T (z_t / |w_t|²)_t, z = W g.
 */
export class SmallPinvBatch {
  /** Rows of each J_b (length of each g_b). */
  readonly rows: number;
  /** Columns of each J_b (length of each out_b). */
  readonly cols: number;
  /** Short side k = min(rows, cols) and long side; Jacobi works on k vectors of length `len`. */
  private readonly k: number;
  private readonly len: number;
  private readonly w: Float64Array;
  /** rows <= cols: G g [k]; rows > cols: the accumulated G [k×k]. */
  private readonly acc: Float64Array;
  private readonly z: Float64Array;
  /** |w_t|² of the k Jacobi vectors of the current sample. */
  private readonly normSq: Float64Array;

  /** Preallocates the per-sample workspaces for J_b [rows×cols]. */
  constructor(rows: number, cols: number) {
    checkDim('SmallPinvBatch', 'rows', rows);
    checkDim('SmallPinvBatch', 'cols', cols);
    this.rows = rows;
    this.cols = cols;
    this.k = Math.min(rows, cols);
    this.len = Math.max(rows, cols);
    this.w = new Float64Array(rows * cols);
    this.acc = new Float64Array(rows <= cols ? rows : cols * cols);
    this.z = new Float64Array(this.k);
    this.normSq = new Float64Array(this.k);
  }

  /**
   * out [batch×cols] with out_b = pinv(J_b) g_b, dropping singular values s <= rcond·s_max of
   * each J_b separately. J [batch×rows×cols], g [batch×rows]; rcond >= 0. Allocates nothing.
   */
  apply(out: Float64Array, J: Float64Array, g: Float64Array, batch: number, rcond: number): Float64Array {
    const { rows, cols } = this;
    checkCount('SmallPinvBatch.apply', 'batch', batch);
    checkLength('SmallPinvBatch.apply', 'out', out, batch * cols, 'batch*cols');
    checkLength('SmallPinvBatch.apply', 'J', J, batch * rows * cols, 'batch*rows*cols');
    checkLength('SmallPinvBatch.apply', 'g', g, batch * rows, 'batch*rows');
    checkNonNegative('SmallPinvBatch.apply', 'rcond', rcond);
    checkAllFinite('SmallPinvBatch.apply', 'J', J);
    checkAllFinite('SmallPinvBatch.apply', 'g', g);
    for (let b = 0; b < batch; b++) {
      if (rows <= cols) this.solveWide(out, b * cols, J, b * rows * cols, g, b * rows, rcond);
      else this.solveTall(out, b * cols, J, b * rows * cols, g, b * rows, rcond);
    }
    return out;
  }

  /** Unchecked, rows <= cols: out[o ..] = pinv(J_b) g_b for the sample at offsets jo, go. */
  private solveWide(out: Float64Array, o: number, J: Float64Array, jo: number, g: Float64Array, go: number, rcond: number): void {
    const { k, len, w, acc, normSq } = this;
    for (let i = 0; i < k * len; i++) w[i] = J[jo + i];
    for (let t = 0; t < k; t++) acc[t] = g[go + t];
    jacobiRows(w, k, len, acc, 1);
    const cutoffSq = this.normsAndCutoff(rcond);
    for (let j = 0; j < len; j++) out[o + j] = 0;
    for (let t = 0; t < k; t++) {
      const sq = normSq[t];
      if (!(sq > cutoffSq) || !(sq > 0)) continue;
      const coef = acc[t] / sq;
      for (let j = 0; j < len; j++) out[o + j] += coef * w[t * len + j];
    }
  }

  /** Unchecked, rows > cols: Jacobi on the columns of J_b, kept as the rows of w. */
  private solveTall(out: Float64Array, o: number, J: Float64Array, jo: number, g: Float64Array, go: number, rcond: number): void {
    const { k, len, w, acc, z, normSq } = this;
    for (let i = 0; i < len; i++) for (let j = 0; j < k; j++) w[j * len + i] = J[jo + i * k + j];
    acc.fill(0);
    for (let t = 0; t < k; t++) acc[t * k + t] = 1;
    jacobiRows(w, k, len, acc, k);
    const cutoffSq = this.normsAndCutoff(rcond);
    for (let t = 0; t < k; t++) {
      const sq = normSq[t];
      let dot = 0;
      for (let i = 0; i < len; i++) dot += w[t * len + i] * g[go + i];
      z[t] = sq > cutoffSq && sq > 0 ? dot / sq : 0;
    }
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += acc[t * k + j] * z[t];
      out[o + j] = s;
    }
  }

  /**
   * Fills normSq with |w_t|² and returns rcond²·max_t |w_t|²: kept vectors satisfy
   * |w_t| > rcond·max|w|, compared without roots.
   */
  private normsAndCutoff(rcond: number): number {
    const { k, len, w, normSq } = this;
    let maxSq = 0;
    for (let t = 0; t < k; t++) {
      normSq[t] = rowNormSq(w, t * len, len);
      maxSq = Math.max(maxSq, normSq[t]);
    }
    return rcond * rcond * maxSq;
  }
}

function rowNormSq(w: Float64Array, start: number, len: number): number {
  let ss = 0;
  for (let i = 0; i < len; i++) ss += w[start + i] * w[start + i];
  return ss;
}
