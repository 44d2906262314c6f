import type { Rng } from '@hig-lab/core';

/**
 * out [N×N] = a smooth random periodic field on the unit square: Σ over wavenumbers
 * 0 ≤ |k_x|, |k_y| ≤ K (one of each ± pair) of a·cos(2π(k_x x + k_y y)) + b·sin(…), with a, b ~ N(0, 1)
 * divided by √(number of modes), so the field has unit variance whatever K is. The constant mode
 * is left out: diffusion keeps it, so it carries no information about the inverse problem.
 */
export function smoothPeriodicField(out: Float64Array, rng: Rng, N: number, K: number): Float64Array {
  out.fill(0);
  const modes: [number, number][] = [];
  for (let kx = 0; kx <= K; kx++) for (let ky = -K; ky <= K; ky++) if (kx > 0 || ky > 0) modes.push([kx, ky]);
  const scale = 1 / Math.sqrt(modes.length);
  const cx = new Float64Array(N), sx = new Float64Array(N), cy = new Float64Array(N), sy = new Float64Array(N);
  for (const [kx, ky] of modes) {
    const a = scale * rng.normal(), b = scale * rng.normal();
    // cos and sin of the phase 2π(k_x i + k_y j)/N from separate tables for i and j.
    for (let i = 0; i < N; i++) {
      cx[i] = Math.cos((2 * Math.PI * kx * i) / N);
      sx[i] = Math.sin((2 * Math.PI * kx * i) / N);
      cy[i] = Math.cos((2 * Math.PI * ky * i) / N);
      sy[i] = Math.sin((2 * Math.PI * ky * i) / N);
    }
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        const cos = cx[i] * cy[j] - sx[i] * sy[j];
        const sin = sx[i] * cy[j] + cx[i] * sy[j];
        out[i * N + j] += a * cos + b * sin;
      }
    }
  }
  return out;
}
