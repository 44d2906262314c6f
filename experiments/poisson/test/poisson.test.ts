import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { createRng, instantiate, Rollout } from '@hig-lab/core';
import experiment from '../src/index.js';
import { laplacian } from '../src/laplacian.js';
import { sineBasis, smoothField } from '../src/smooth-field.js';

describe('the 5-point Laplacian with zero boundary', () => {
  test.prop([fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 })])(
    'has the sine modes as eigenvectors, eigenvalue 2cos(πk/(N+1)) + 2cos(πl/(N+1)) − 4 (to rounding)',
    (N, kRaw, lRaw) => {
      const k = 1 + ((kRaw - 1) % N), l = 1 + ((lRaw - 1) % N);
      const mode = Float64Array.from({ length: N * N }, (_, idx) => Math.sin((Math.PI * k * (Math.floor(idx / N) + 1)) / (N + 1)) * Math.sin((Math.PI * l * ((idx % N) + 1)) / (N + 1)));
      const eigenvalue = 2 * Math.cos((Math.PI * k) / (N + 1)) + 2 * Math.cos((Math.PI * l) / (N + 1)) - 4;
      const out = laplacian(new Float64Array(N * N), mode, N);
      out.forEach((v, i) => expect(Math.abs(v - eigenvalue * mode[i])).toBeLessThan(1e-14 * 8));
    },
  );
});

describe('the Poisson experiment', () => {
  it('draws smooth fields as their sine series says, and targets y = Δx that the true x reaches exactly', () => {
    const exp = instantiate(experiment, { trainSize: 6, testSize: 2 });
    const N = 8, n = 64;
    const { train } = exp.data(createRng(5));
    // Replay the generator for sample 0 with the sine series written out directly.
    const rng = createRng(5).fork('train');
    const a = Array.from({ length: n }, (_, idx) => (rng.normal() * 2) / ((Math.floor(idx / N) + 1) ** 2 + ((idx % N) + 1) ** 2));
    const x = Float64Array.from({ length: n }, (_, idx) => {
      const i = Math.floor(idx / N), j = idx % N;
      let acc = 0;
      for (let k = 1; k <= N; k++) for (let l = 1; l <= N; l++) acc += a[(k - 1) * N + (l - 1)] * Math.sin((Math.PI * k * (i + 1)) / (N + 1)) * Math.sin((Math.PI * l * (j + 1)) / (N + 1));
      return acc;
    });
    const viaBasis = smoothField(new Float64Array(n), createRng(5).fork('train'), N, sineBasis(N), new Float64Array(n), new Float64Array(n));
    viaBasis.forEach((v, i) => expect(v).toBeCloseTo(x[i], 12));
    // The rollout of the true x gives the target: loss 0 (to rounding).
    const y = new Rollout(exp.system, exp.steps, exp.dt).final(new Float64Array(n), train.initial.subarray(0, n), x, 1);
    expect(exp.loss.value(y, train.target.subarray(0, n))).toBeLessThan(1e-26);
    expect(Array.from(train.input.subarray(0, n))).toEqual(Array.from(train.target.subarray(0, n)));
  });

  it('has the HIG paper\'s network: 64 → 64, hidden 64, 128, 64, tanh (about 25 000 weights)', () => {
    const exp = instantiate(experiment);
    expect(exp.network.inputDim).toBe(64);
    expect(exp.network.layers.map((l) => `${l.units} ${l.activation}`)).toEqual(['64 tanh', '128 tanh', '64 tanh', '64 linear']);
    const P = exp.network.layers.reduce((acc, l, i, all) => acc + ((i === 0 ? exp.network.inputDim : all[i - 1].units) + 1) * l.units, 0);
    expect(P).toBe(24_896);
    expect(exp.display.grid).toEqual([8, 8]);
  });

  it('refuses data sets too large for memory before allocating them, naming the parameters and the size', () => {
    const exp = instantiate(experiment, { grid: 64, trainSize: 1 << 20 });
    expect(() => exp.data(createRng(1))).toThrow(/^parameter 'grid, trainSize, testSize' asks for data sets of 1048576 \+ 256 fields of 64×64 of about 103 GB, more than the .* this machine has$/);
    expect(() => instantiate(experiment, { grid: 1.5 })).toThrow("parameter 'grid' must be an integer, got 1.5");
    expect(() => instantiate(experiment, { grid: 65 })).toThrow("parameter 'grid' must be <= 64, got 65");
  });
});
