/**
 * Internal: a growable record of plane rotations P_t acting on coordinates (i_t, i_t + 1) as
 *   [y_i, y_{i+1}] <- [c y_i + s y_{i+1}, -s y_i + c y_{i+1}].
 * The tridiagonal eigen-solver records its rotations here instead of accumulating eigenvectors,
 * so that Z y costs O(#rotations), where Z = P_1^T P_2^T ... P_N^T.
 */
export class RotationLog {
  /** Rotation t acts on coordinates index[t], index[t] + 1 [capacity]. Writers call `reserve` first. */
  index: Int32Array;
  /** c of rotation t [capacity]. */
  cos: Float64Array;
  /** s of rotation t [capacity]. */
  sin: Float64Array;
  /** Number of recorded rotations. */
  length = 0;

  /** Preallocates room for `capacity` rotations (grows by doubling when exceeded). */
  constructor(capacity: number) {
    const c = Math.max(16, Math.ceil(capacity));
    this.index = new Int32Array(c);
    this.cos = new Float64Array(c);
    this.sin = new Float64Array(c);
  }

  /** Forgets all rotations, keeping the storage. */
  clear(): void {
    this.length = 0;
  }

  /** Makes room for `count` more rotations (grows by doubling, which is rare). */
  reserve(count: number): void {
    while (this.length + count > this.index.length) this.grow();
  }

  /** y <- Z y = P_1^T ... P_N^T y: transposed rotations in reverse order. */
  apply(y: Float64Array): void {
    const { index, cos, sin } = this;
    for (let t = this.length - 1; t >= 0; t--) {
      const i = index[t];
      const c = cos[t];
      const s = sin[t];
      const a = y[i];
      const b = y[i + 1];
      y[i] = c * a - s * b;
      y[i + 1] = s * a + c * b;
    }
  }

  /**
   * w <- Z^T w for w [n×cols] row-major, i.e. each rotation combines rows i and i+1.
   * With w = Q^T this turns the rows into the eigenvectors (Q Z)^T.
   */
  applyTransposedToRows(w: Float64Array, cols: number): void {
    const { index, cos, sin } = this;
    for (let t = 0; t < this.length; t++) {
      const r0 = index[t] * cols;
      const r1 = r0 + cols;
      const c = cos[t];
      const s = sin[t];
      for (let j = 0; j < cols; j++) {
        const a = w[r0 + j];
        const b = w[r1 + j];
        w[r0 + j] = c * a + s * b;
        w[r1 + j] = c * b - s * a;
      }
    }
  }

  private grow(): void {
    const c = 2 * this.index.length;
    const index = new Int32Array(c);
    const cos = new Float64Array(c);
    const sin = new Float64Array(c);
    index.set(this.index);
    cos.set(this.cos);
    sin.set(this.sin);
    this.index = index;
    this.cos = cos;
    this.sin = sin;
  }
}
