import { defineLinearSystem } from '@hig-lab/core';
import type { PhysicsSystem } from '@hig-lab/core';
import { PeriodicMultiplier, wavenumberSquared } from './periodic-fft.js';

/**
 * The heat equation ∂T/∂t = ΔT on the periodic unit square, sampled on an N×N grid, stepped
 * exactly in Fourier space: each mode decays by e^{−|k|²·dt}. The control is added to the field
 * at the start of the step (a kick): s' = e^{dt·Δ}(s + u). A linear operator with products only
 * (the FFT, never an N²×N² matrix); symmetric, so its transpose is itself; exact for any dt.
 */
export function heatSystem(N: number): PhysicsSystem {
  const n = N * N;
  const k2 = wavenumberSquared(N);
  const fft = new PeriodicMultiplier(N);
  const sum = new Float64Array(n);
  const decay = new Float64Array(n);
  let decayDt = NaN;
  const decayAt = (dt: number): Float64Array => {
    if (dt !== decayDt) {
      for (let k = 0; k < n; k++) decay[k] = Math.exp(-k2[k] * dt);
      decayDt = dt;
    }
    return decay;
  };
  return defineLinearSystem({
    name: `heat-${N}x${N}`,
    stateDim: n,
    controlDim: n,
    params: { grid: N },
    stateNames: Array.from({ length: n }, (_, k) => `T(${Math.floor(k / N)},${k % N})`),
    apply(out, s, u, dt) {
      for (let k = 0; k < n; k++) sum[k] = s[k] + u[k];
      fft.apply(out, sum, decayAt(dt));
    },
    applyTranspose(gs, gu, lambda, dt) {
      fft.apply(gs, lambda, decayAt(dt));
      gu.set(gs);
    },
  });
}

/**
 * The regularised inverse of diffusion over time T, for SIP: du = F⁻¹(d/(d² + ε) ⊙ F dy) with
 * d = e^{−|k|²T}, the Tikhonov solution of min |D du − dy|² + ε|du|². Modes that diffusion damps
 * below √ε are left alone instead of being amplified without bound.
 */
export function regularisedInverse(N: number, T: number, epsilon: number): (du: Float64Array, dy: Float64Array) => void {
  const n = N * N;
  const k2 = wavenumberSquared(N);
  const fft = new PeriodicMultiplier(N);
  const multiplier = Float64Array.from({ length: n }, (_, k) => {
    const d = Math.exp(-k2[k] * T);
    return d / (d * d + epsilon);
  });
  return (du, dy) => void fft.apply(du, dy, multiplier);
}
