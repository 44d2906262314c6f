import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { createRng, instantiate } from '@hig-lab/core';
import experiment from '../src/index.js';
import { heatSystem, regularisedInverse } from '../src/heat-system.js';
import { PeriodicMultiplier, wavenumberSquared } from '../src/periodic-fft.js';

/** cos(2π(k_x x + k_y y)) sampled on the N×N grid of the unit square. */
function mode(N: number, kx: number, ky: number): Float64Array {
  return Float64Array.from({ length: N * N }, (_, idx) => Math.cos((2 * Math.PI * (kx * Math.floor(idx / N) + ky * (idx % N))) / N));
}

const maxAbs = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('diffusion in Fourier space (fft.js)', () => {
  test.prop([fc.constantFrom(4, 8, 16, 32), fc.integer({ min: -16, max: 16 }), fc.integer({ min: -16, max: 16 }), fc.double({ min: 1e-4, max: 0.05, noNaN: true })])(
    'damps each mode exactly by e^{−|k|²T} (to FFT rounding, ~1e-15 per log2 N)',
    (N, kxRaw, kyRaw, T) => {
      const kx = kxRaw % (N / 2), ky = kyRaw % (N / 2);
      const x = mode(N, kx, ky);
      const out = new Float64Array(N * N);
      heatSystem(N).step(out, new Float64Array(N * N), x, T);
      const expected = Math.exp(-4 * Math.PI ** 2 * (kx * kx + ky * ky) * T);
      const err = maxAbs(out.map((v, i) => v - expected * x[i]));
      expect(err).toBeLessThan(1e-14 * Math.log2(N) * 4);
    },
  );

  it('is the identity for the multiplier 1, and |k|² is zero only at k = 0', () => {
    const N = 16;
    const x = Float64Array.from({ length: N * N }, (_, i) => Math.sin(i * 1.3) + 0.2 * Math.cos(i * 0.07));
    const same = new PeriodicMultiplier(N).apply(new Float64Array(N * N), x, new Float64Array(N * N).fill(1));
    expect(maxAbs(same.map((v, i) => v - x[i]))).toBeLessThan(1e-14);
    const k2 = wavenumberSquared(N);
    expect(k2.filter((v) => v === 0).length).toBe(1);
    expect(k2[0]).toBe(0);
    expect(k2[N / 2]).toBeCloseTo((Math.PI * N) ** 2, 8);
  });
});

describe("SIP's regularised inverse diffusion", () => {
  it('undoes diffusion on the modes it damps less than √ε, to within ε/d², and solves (D² + ε) du = D dy on every mode', () => {
    const N = 32, T = 0.004, eps = 1e-5;
    const inverse = regularisedInverse(N, T, eps);
    const system = heatSystem(N);
    for (const [kx, ky] of [[1, 0], [3, -2], [4, 4], [12, 9]]) {
      const x = mode(N, kx, ky);
      const y = new Float64Array(N * N);
      system.step(y, new Float64Array(N * N), x, T);
      const back = new Float64Array(N * N);
      inverse(back, y);
      const d = Math.exp(-4 * Math.PI ** 2 * (kx * kx + ky * ky) * T);
      // Per mode the inverse multiplies by d/(d² + ε): here x comes back scaled by d²/(d² + ε).
      const scale = (d * d) / (d * d + eps);
      expect(maxAbs(back.map((v, i) => v - scale * x[i]))).toBeLessThan(1e-12 / Math.max(d, 1e-3));
      if (d * d > 100 * eps) expect(1 - scale).toBeLessThan(eps / (d * d));
    }
  });
});

describe('the heat-equation experiment', () => {
  it('draws unit-variance smooth fields and gives the network their diffused state, which the true field reaches', () => {
    const exp = instantiate(experiment, { trainSize: 64, testSize: 8 });
    const { train } = exp.data(createRng(2));
    const n = exp.system.stateDim;
    expect(n).toBe(1024);
    // Diffused targets are smaller than the unit-variance fields they come from, and not zero.
    let sq = 0;
    for (const v of train.target) sq += v * v;
    const rms = Math.sqrt(sq / train.target.length);
    expect(rms).toBeGreaterThan(0.2);
    expect(rms).toBeLessThan(1);
    expect(Array.from(train.initial.subarray(0, n)).every((v) => v === 0)).toBe(true);
    expect(exp.physicsInverse).toBeDefined();
    expect(exp.display.grid).toEqual([32, 32]);
  });

  it('refuses a grid that is not a power of two, and data sets too large for memory before allocating them', () => {
    expect(() => instantiate(experiment, { grid: 48 })).toThrow("parameter 'grid' must be a power of two, got 48 (the nearest are 32 and 64)");
    const big = instantiate(experiment, { grid: 256, trainSize: 1 << 20 });
    expect(() => big.data(createRng(1))).toThrow(/^parameter 'grid, trainSize, testSize' asks for data sets of 1048576 \+ 256 fields of 256×256 of about 1\.65e\+3 GB, more than the .* this machine has$/);
  });
});
