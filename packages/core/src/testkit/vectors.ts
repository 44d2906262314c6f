/** Small float64 vector helpers the contract checks share. */

export function dot(a: Float64Array, b: Float64Array): number {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc += a[i] * b[i];
  return acc;
}

export function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

export function maxAbs(a: Float64Array): number {
  let r = 0;
  for (const v of a) r = Math.max(r, Math.abs(v));
  return r;
}
