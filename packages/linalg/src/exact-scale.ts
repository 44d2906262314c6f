/**
 * Internal: 2^-p with 2^p the power of two at or just above `amax` (p clamped to ±1000 so that
 * the factor itself stays finite for subnormal or huge inputs). Multiplying by it is exact, and
 * brings the largest magnitude into [1/2, 1] so that squares neither overflow nor underflow.
 * Returns 1 for amax = 0 or non-finite amax.
 */
export function exactScale(amax: number): number {
  if (!(amax > 0) || !Number.isFinite(amax)) return 1;
  const p = Math.min(1000, Math.max(-1000, Math.ceil(Math.log2(amax))));
  return 2 ** -p;
}
