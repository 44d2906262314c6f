/**
 * Internal strided matrix product used by the Mlp kernels:
 * `out[oOff + m·om + n·on] (= or +=) Σ_k A[aOff + m·am + k·ak] · Bm[bOff + k·bk + n·bn]`
 * for `m < M, n < N, k < K`. Strides express any transposition without copying. Computed in
 * 2×4 register tiles (2 rows of A against 4 columns of B: 6 loads per 8 multiply-adds, no stores
 * in the inner loop), with scalar tails for the remainders. Allocation-free.
 * @param accumulate true: add into `out`; false: overwrite it.
 */
export function gemm(
  M: number, N: number, K: number,
  A: Float64Array, aOff: number, am: number, ak: number,
  Bm: Float64Array, bOff: number, bk: number, bn: number,
  out: Float64Array, oOff: number, om: number, on: number,
  accumulate: boolean,
): void {
  const bn2 = 2 * bn, bn3 = 3 * bn;
  const on2 = 2 * on, on3 = 3 * on;
  let m = 0;
  for (; m + 1 < M; m += 2) {
    const a0Row = aOff + m * am;
    const a1Row = a0Row + am;
    const o0Row = oOff + m * om;
    const o1Row = o0Row + om;
    let n = 0;
    for (; n + 3 < N; n += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let pa0 = a0Row, pa1 = a1Row, pb = bOff + n * bn;
      for (let k = 0; k < K; k++) {
        const x0 = A[pa0]!, x1 = A[pa1]!;
        const w0 = Bm[pb]!, w1 = Bm[pb + bn]!, w2 = Bm[pb + bn2]!, w3 = Bm[pb + bn3]!;
        s00 += x0 * w0; s01 += x0 * w1; s02 += x0 * w2; s03 += x0 * w3;
        s10 += x1 * w0; s11 += x1 * w1; s12 += x1 * w2; s13 += x1 * w3;
        pa0 += ak; pa1 += ak; pb += bk;
      }
      const o0 = o0Row + n * on, o1 = o1Row + n * on;
      if (accumulate) {
        out[o0] += s00; out[o0 + on] += s01; out[o0 + on2] += s02; out[o0 + on3] += s03;
        out[o1] += s10; out[o1 + on] += s11; out[o1 + on2] += s12; out[o1 + on3] += s13;
      } else {
        out[o0] = s00; out[o0 + on] = s01; out[o0 + on2] = s02; out[o0 + on3] = s03;
        out[o1] = s10; out[o1 + on] = s11; out[o1 + on2] = s12; out[o1 + on3] = s13;
      }
    }
    for (; n < N; n++) {
      let s0 = 0, s1 = 0;
      let pa0 = a0Row, pa1 = a1Row, pb = bOff + n * bn;
      for (let k = 0; k < K; k++) {
        const w = Bm[pb]!;
        s0 += A[pa0]! * w;
        s1 += A[pa1]! * w;
        pa0 += ak; pa1 += ak; pb += bk;
      }
      const o0 = o0Row + n * on, o1 = o1Row + n * on;
      if (accumulate) {
        out[o0] += s0; out[o1] += s1;
      } else {
        out[o0] = s0; out[o1] = s1;
      }
    }
  }
  if (m < M) {
    const a0Row = aOff + m * am;
    const o0Row = oOff + m * om;
    let n = 0;
    for (; n + 3 < N; n += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let pa = a0Row, pb = bOff + n * bn;
      for (let k = 0; k < K; k++) {
        const x = A[pa]!;
        s0 += x * Bm[pb]!; s1 += x * Bm[pb + bn]!; s2 += x * Bm[pb + bn2]!; s3 += x * Bm[pb + bn3]!;
        pa += ak; pb += bk;
      }
      const o = o0Row + n * on;
      if (accumulate) {
        out[o] += s0; out[o + on] += s1; out[o + on2] += s2; out[o + on3] += s3;
      } else {
        out[o] = s0; out[o + on] = s1; out[o + on2] = s2; out[o + on3] = s3;
      }
    }
    for (; n < N; n++) {
      let s = 0;
      let pa = a0Row, pb = bOff + n * bn;
      for (let k = 0; k < K; k++) {
        s += A[pa]! * Bm[pb]!;
        pa += ak; pb += bk;
      }
      const o = o0Row + n * on;
      if (accumulate) out[o] += s;
      else out[o] = s;
    }
  }
}
