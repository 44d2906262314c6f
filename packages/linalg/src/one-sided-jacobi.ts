/**
 * Internal: Hestenes one-sided Jacobi. Plane rotations of pairs of rows turn W0 [rows×len] into
 * W = G W0 with mutually orthogonal rows (G orthogonal), so W0 = G^T diag(σ) Û with σ the row
 * norms of W and Û its normalised rows: an SVD of W0. It works on W0 itself, never on W0 W0^T,
 * which keeps small singular values accurate to ~eps relative to the rows' own scale
 * (Demmel & Veselić 1992) instead of eps relative to the largest one squared.
 */

const EPS = 2 ** -52;

/**
 * Rows whose norm is at most NEGLIGIBLE_ROW times the whole matrix's (Frobenius) norm are never
 * rotated, so they need not end up orthogonal to the others: treat them as zero.
 */
export const NEGLIGIBLE_ROW = EPS * EPS;

/**
 * Orthogonalises the rows of w [rows×len] in place, applying the same rotations to the rows of
 * acc [rows×accLen] (so acc <- G acc). A pair (p, q) is rotated while
 * |w_p·w_q| > tol·||w_p||·||w_q|| with tol = max(len, 16)·eps: rounding in the dot product
 * (up to ~len·eps/2) and in the rotation itself (a few eps) must never look like
 * non-orthogonality, or equal-norm pairs would be rotated forever. Returns the number of sweeps;
 * throws if `maxSweeps` do not suffice.
 */
export function jacobiRows(w: Float64Array, rows: number, len: number, acc: Float64Array, accLen: number, maxSweeps = 80): number {
  const tol = Math.max(len, 16) * EPS;
  // Rotations keep the Frobenius norm, so one floor serves every sweep. Below it a row's squares
  // reach the subnormal range, where a dot product has too few bits to ever look orthogonal.
  let frobenius = 0;
  for (let i = 0; i < rows * len; i++) frobenius += w[i] * w[i];
  const floor = NEGLIGIBLE_ROW * NEGLIGIBLE_ROW * frobenius;
  for (let sweep = 1; sweep <= maxSweeps; sweep++) {
    let rotated = false;
    for (let p = 0; p + 1 < rows; p++) {
      for (let q = p + 1; q < rows; q++) {
        if (orthogonalizePair(w, len, p, q, acc, accLen, tol, floor)) rotated = true;
      }
    }
    if (!rotated) return sweep;
  }
  throw new Error(`jacobiRows: no convergence after ${maxSweeps} sweeps`);
}

/**
 * Rotates rows p and q so that they become orthogonal: with a = |w_p|², b = |w_q|², g = w_p·w_q,
 * t = tan(theta) is the smaller root of g t² + (b - a) t - g = 0. Returns whether it rotated.
 */
function orthogonalizePair(w: Float64Array, len: number, p: number, q: number, acc: Float64Array, accLen: number, tol: number, floor: number): boolean {
  const rp = p * len;
  const rq = q * len;
  let a = 0;
  let b = 0;
  let g = 0;
  for (let i = 0; i < len; i++) {
    const x = w[rp + i];
    const y = w[rq + i];
    a += x * x;
    b += y * y;
    g += x * y;
  }
  if (!(Math.abs(g) > tol * Math.sqrt(a) * Math.sqrt(b))) return false;
  // A row below eps² of its partner's norm, or of the whole matrix's, is rounding noise that may
  // have nowhere orthogonal to go (when the rows span fewer dimensions than there are rows): it
  // could only underflow. Leave it; callers treat such rows as zero (see NEGLIGIBLE_ROW).
  if (Math.min(a, b) <= Math.max(floor, NEGLIGIBLE_ROW ** 2 * Math.max(a, b))) return false;
  const zeta = (b - a) / (2 * g);
  // For |zeta| beyond 1e150, zeta² would overflow; t ≈ 1/(2 zeta) is then exact to rounding.
  const az = Math.abs(zeta);
  const t = (zeta >= 0 ? 1 : -1) / (az > 1e150 ? 2 * az : az + Math.sqrt(1 + zeta * zeta));
  const c = 1 / Math.sqrt(1 + t * t);
  const s = c * t;
  rotateRows(w, rp, rq, len, c, s);
  rotateRows(acc, p * accLen, q * accLen, accLen, c, s);
  return true;
}

/** [x_p; x_q] <- [c x_p - s x_q; s x_p + c x_q] on rows starting at rp and rq. */
function rotateRows(x: Float64Array, rp: number, rq: number, len: number, c: number, s: number): void {
  for (let i = 0; i < len; i++) {
    const u = x[rp + i];
    const v = x[rq + i];
    x[rp + i] = c * u - s * v;
    x[rq + i] = s * u + c * v;
  }
}
