/**
 * The Gram matrix of a network-physics Jacobian, assembled layer by layer without forming J (the
 * kernel behind `Mlp.gram` in @hig-lab/network, which documents the layout):
 *   G[(b,r),(c,s)] = Σ_l A_l[b,c] · (δ_l[(b,r)] · δ_l[(c,s)]).
 * Deltas D [B×S×Rp] (per sample and layer, the Rp cotangent rows interleaved, r fastest), sample
 * Grams A [L×B×B], out [N×N] with N = B·R. For 4×4 tiles of cotangent rows, each lane of an f64x2
 * accumulator is one entry's dot product summed in j order, then weighted and added layer by
 * layer: the same operations, in the same order, as the TypeScript kernel, so the results agree
 * bit for bit.
 */
import { at } from './vec';

/**
 * Sample pairs pairLo .. pairHi-1 of the pairs b <= c in row-major order (b = 0: c = 0..B-1,
 * then b = 1: c = 1..B-1, ...). widths [L+1] and cols [L+1] (f64 arrays of integers): layer
 * widths n_l and offsets of layer l's deltas in a sample's block. Layers 1..layers are summed;
 * when layers < L the output layer's share is A_L[b,c] · M[r,s] with M [Rp×Rp] (pointer m).
 */
export function gramPairs(d: usize, a: usize, out: usize, B: i32, R: i32, Rp: i32, S: i32, L: i32, widths: usize, cols: usize, pairLo: i32, pairHi: i32, layers: i32, m: usize): void {
  let b = 0;
  let c = 0;
  let skip = pairLo;
  while (skip >= B - b) {
    skip -= B - b;
    b++;
  }
  c = b + skip;
  const N = B * R;
  const BB = B * B;
  const sampleStride = <usize>(S * Rp) << 3;
  for (let p = pairLo; p < pairHi; p++) {
    const pair = b * B + c;
    for (let r0 = 0; r0 < R; r0 += 4) {
      for (let s0 = 0; s0 < R; s0 += 4) {
        let t00 = f64x2.splat(0), t01 = f64x2.splat(0), t10 = f64x2.splat(0), t11 = f64x2.splat(0);
        let t20 = f64x2.splat(0), t21 = f64x2.splat(0), t30 = f64x2.splat(0), t31 = f64x2.splat(0);
        for (let l = 1; l <= layers; l++) {
          const wv = f64x2.splat(load<f64>(at(a, (l - 1) * BB + pair)));
          const n = <i32>load<f64>(at(widths, l));
          const col = <i32>load<f64>(at(cols, l));
          let x = d + <usize>b * sampleStride + ((<usize>(col * Rp + r0)) << 3);
          let y = d + <usize>c * sampleStride + ((<usize>(col * Rp + s0)) << 3);
          const step = <usize>Rp << 3;
          let d00 = f64x2.splat(0), d01 = f64x2.splat(0), d10 = f64x2.splat(0), d11 = f64x2.splat(0);
          let d20 = f64x2.splat(0), d21 = f64x2.splat(0), d30 = f64x2.splat(0), d31 = f64x2.splat(0);
          for (let j = 0; j < n; j++) {
            const v0 = v128.load(y), v1 = v128.load(y, 16);
            const u0 = v128.load64_splat(x), u1 = v128.load64_splat(x, 8), u2 = v128.load64_splat(x, 16), u3 = v128.load64_splat(x, 24);
            d00 = f64x2.add(d00, f64x2.mul(u0, v0));
            d01 = f64x2.add(d01, f64x2.mul(u0, v1));
            d10 = f64x2.add(d10, f64x2.mul(u1, v0));
            d11 = f64x2.add(d11, f64x2.mul(u1, v1));
            d20 = f64x2.add(d20, f64x2.mul(u2, v0));
            d21 = f64x2.add(d21, f64x2.mul(u2, v1));
            d30 = f64x2.add(d30, f64x2.mul(u3, v0));
            d31 = f64x2.add(d31, f64x2.mul(u3, v1));
            x += step;
            y += step;
          }
          t00 = f64x2.add(t00, f64x2.mul(wv, d00));
          t01 = f64x2.add(t01, f64x2.mul(wv, d01));
          t10 = f64x2.add(t10, f64x2.mul(wv, d10));
          t11 = f64x2.add(t11, f64x2.mul(wv, d11));
          t20 = f64x2.add(t20, f64x2.mul(wv, d20));
          t21 = f64x2.add(t21, f64x2.mul(wv, d21));
          t30 = f64x2.add(t30, f64x2.mul(wv, d30));
          t31 = f64x2.add(t31, f64x2.mul(wv, d31));
        }
        if (layers < L) {
          const wv = f64x2.splat(load<f64>(at(a, (L - 1) * BB + pair)));
          const row = m + ((<usize>(r0 * Rp + s0)) << 3);
          const rs = <usize>Rp << 3;
          t00 = f64x2.add(t00, f64x2.mul(wv, v128.load(row)));
          t01 = f64x2.add(t01, f64x2.mul(wv, v128.load(row, 16)));
          t10 = f64x2.add(t10, f64x2.mul(wv, v128.load(row + rs)));
          t11 = f64x2.add(t11, f64x2.mul(wv, v128.load(row + rs, 16)));
          t20 = f64x2.add(t20, f64x2.mul(wv, v128.load(row + 2 * rs)));
          t21 = f64x2.add(t21, f64x2.mul(wv, v128.load(row + 2 * rs, 16)));
          t30 = f64x2.add(t30, f64x2.mul(wv, v128.load(row + 3 * rs)));
          t31 = f64x2.add(t31, f64x2.mul(wv, v128.load(row + 3 * rs, 16)));
        }
        const rEnd = min(4, R - r0);
        const sEnd = min(4, R - s0);
        writeRow(out, N, b * R + r0, c * R + s0, sEnd, t00, t01);
        if (rEnd > 1) writeRow(out, N, b * R + r0 + 1, c * R + s0, sEnd, t10, t11);
        if (rEnd > 2) writeRow(out, N, b * R + r0 + 2, c * R + s0, sEnd, t20, t21);
        if (rEnd > 3) writeRow(out, N, b * R + r0 + 3, c * R + s0, sEnd, t30, t31);
      }
    }
    c++;
    if (c === B) {
      b++;
      c = b;
    }
  }
}

/** out[i, k..k+sEnd) and the mirror entries out[k.., i] from the lanes of (lo, hi). */
// @ts-ignore: decorator
@inline function writeRow(out: usize, N: i32, i: i32, k: i32, sEnd: i32, lo: v128, hi: v128): void {
  const g0 = f64x2.extract_lane(lo, 0), g1 = f64x2.extract_lane(lo, 1), g2 = f64x2.extract_lane(hi, 0), g3 = f64x2.extract_lane(hi, 1);
  store<f64>(at(out, i * N + k), g0);
  store<f64>(at(out, k * N + i), g0);
  if (sEnd > 1) {
    store<f64>(at(out, i * N + k + 1), g1);
    store<f64>(at(out, (k + 1) * N + i), g1);
  }
  if (sEnd > 2) {
    store<f64>(at(out, i * N + k + 2), g2);
    store<f64>(at(out, (k + 2) * N + i), g2);
  }
  if (sEnd > 3) {
    store<f64>(at(out, i * N + k + 3), g3);
    store<f64>(at(out, (k + 3) * N + i), g3);
  }
}
