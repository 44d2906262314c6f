/**
 * One layer of `Mlp.gram`'s back-propagation of cotangent rows (the kernel behind the TypeScript
 * loop in @hig-lab/network, which documents the layout): for every sample b,
 *   Δ_{l-1,b} [nin×Rp] = diag(σ'_{l-1,b}) · W [nin×nout] · Δ_{l,b} [nout×Rp],
 * with the deltas D [B×S×Rp] (rows r fastest, Rp a multiple of 4). Each entry is summed over j in
 * order from zero and then scaled, as the TypeScript product does, so the results agree bit for
 * bit; the padding rows (zero in Δ_l) stay zero.
 */
import { at } from './vec';

/**
 * w: the layer's kernel W [nin×nout] (row-major); d: deltas; dPrev: σ'_{l-1} [B×nin]; src and dst:
 * offsets (in doubles) of layer l's and layer l-1's block within a sample's S·Rp.
 */
export function backDeltas(w: usize, d: usize, dPrev: usize, B: i32, S: i32, Rp: i32, src: i32, dst: i32, nin: i32, nout: i32): void {
  const sampleStride = S * Rp;
  for (let b = 0; b < B; b++) {
    const base = b * sampleStride;
    for (let i = 0; i < nin; i++) {
      const scale = f64x2.splat(load<f64>(at(dPrev, b * nin + i)));
      const row = i * nout;
      const out = at(d, base + dst + i * Rp);
      for (let r = 0; r < Rp; r += 4) {
        let a0 = f64x2.splat(0);
        let a1 = f64x2.splat(0);
        let x = at(d, base + src + r);
        for (let j = 0; j < nout; j++) {
          const wij = f64x2.splat(load<f64>(at(w, row + j)));
          a0 = f64x2.add(a0, f64x2.mul(wij, v128.load(x)));
          a1 = f64x2.add(a1, f64x2.mul(wij, v128.load(x, 16)));
          x += (<usize>Rp) << 3;
        }
        v128.store(out + ((<usize>r) << 3), f64x2.mul(a0, scale));
        v128.store(out + ((<usize>r) << 3), f64x2.mul(a1, scale), 16);
      }
    }
  }
}
