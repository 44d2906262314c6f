/**
 * The p-quantile of `values` (0 ≤ p ≤ 1) at position h = (n-1)·p of the sorted values (Hyndman
 * and Fan's type 7, numpy's default). Between two positive neighbours it interpolates
 * geometrically, as losses are read on a log scale: the median of 1e-8 and 1e-4 is 1e-6, not
 * 5e-5. At h an integer it is exactly that order statistic (the median of an odd count is the
 * middle seed's value). Infinity is allowed (a seed that never reached a level). NaN for no values.
 */
export function quantile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0, 1], got ${p}`);
  if (values.some((v) => Number.isNaN(v))) throw new TypeError('quantile: values must not be NaN');
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const frac = h - lo;
  const a = sorted[lo] as number;
  if (frac === 0) return a;
  const b = sorted[lo + 1] as number;
  if (a === b) return a;
  if (b === Infinity) return Infinity;
  if (a > 0) return Math.min(b, Math.max(a, a * (b / a) ** frac));
  return a + frac * (b - a);
}
