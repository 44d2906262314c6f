/**
 * Small vector helpers on f64 arrays in linear memory, addressed by byte pointers. Loops run
 * two lanes at a time (f64x2) with a scalar tail, so any length works.
 */

/** Byte address of element i of the f64 array at p. */
// @ts-ignore: decorator
@inline export function at(p: usize, i: i32): usize {
  return p + ((<usize>i) << 3);
}

/** Σ x[i]·y[i] for i in [lo, hi). Lane sums are added last, so the order is fixed by (lo, hi) alone. */
export function dot(x: usize, y: usize, lo: i32, hi: i32): f64 {
  let acc = f64x2.splat(0);
  let i = lo;
  for (; i + 1 < hi; i += 2) acc = f64x2.add(acc, f64x2.mul(v128.load(at(x, i)), v128.load(at(y, i))));
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (i < hi) s += load<f64>(at(x, i)) * load<f64>(at(y, i));
  return s;
}

/** y[i] += s·x[i] for i in [lo, hi). */
export function axpy(y: usize, s: f64, x: usize, lo: i32, hi: i32): void {
  const sv = f64x2.splat(s);
  let i = lo;
  for (; i + 1 < hi; i += 2) v128.store(at(y, i), f64x2.add(v128.load(at(y, i)), f64x2.mul(sv, v128.load(at(x, i)))));
  if (i < hi) store<f64>(at(y, i), load<f64>(at(y, i)) + s * load<f64>(at(x, i)));
}

/** x[i] = value for i in [lo, hi). */
export function fill(x: usize, value: f64, lo: i32, hi: i32): void {
  for (let i = lo; i < hi; i++) store<f64>(at(x, i), value);
}
