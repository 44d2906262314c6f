/**
 * Central finite differences, the reference every hand-written derivative is checked against.
 * Error of one column: h²/6·|f'''| (truncation) + ε·|f|/h (rounding); with h = 1e-6·max(1,|x|)
 * both stay below ~1e-10 relative for the smooth maps tested here.
 */
export const FD_STEP = 1e-6;

/** out [rows×cols] ≈ ∂f/∂x at x [cols], where f writes rows values. */
export function centralDifferenceJacobian(
  f: (out: Float64Array, x: Float64Array) => void,
  x: Float64Array,
  rows: number,
): Float64Array {
  const cols = x.length;
  const out = new Float64Array(rows * cols);
  const plus = new Float64Array(rows);
  const minus = new Float64Array(rows);
  const xp = Float64Array.from(x);
  for (let j = 0; j < cols; j++) {
    const h = FD_STEP * Math.max(1, Math.abs(x[j]));
    xp[j] = x[j] + h;
    f(plus, xp);
    xp[j] = x[j] - h;
    f(minus, xp);
    xp[j] = x[j];
    for (let i = 0; i < rows; i++) out[i * cols + j] = (plus[i] - minus[i]) / (2 * h);
  }
  return out;
}

/** max |a - b| / max(1, max |b|): an error relative to the Jacobian's scale. */
export function scaledMaxError(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) throw new RangeError(`scaledMaxError: lengths differ (${a.length} vs ${b.length})`);
  let err = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return err / scale;
}
