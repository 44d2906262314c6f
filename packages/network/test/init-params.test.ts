import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { REFERENCE_SPEC, initParams, paramLayout } from '../src/index.js';
import { createRng, specArb } from './helpers.js';

describe('initParams', () => {
  test.prop([specArb(), fc.integer()])('reproducible, Glorot-bounded kernels, zero biases', (spec, seed) => {
    const a = initParams(spec, createRng(seed));
    const b = initParams(spec, createRng(seed));
    expect(b).toEqual(a);
    for (const { fanIn, units, kernelOffset, biasOffset } of paramLayout(spec)) {
      const limit = Math.sqrt(6 / (fanIn + units));
      for (let k = kernelOffset; k < biasOffset; k++) expect(Math.abs(a[k]!)).toBeLessThanOrEqual(limit);
      for (let k = biasOffset; k < biasOffset + units; k++) expect(a[k]).toBe(0);
    }
  });

  it('differs for another seed', () => {
    const a = initParams(REFERENCE_SPEC, createRng(1));
    const b = initParams(REFERENCE_SPEC, createRng(2));
    let same = 0;
    for (let k = 0; k < 80; k++) if (a[k] === b[k]) same++;
    expect(same).toBe(0);
  });

  it('has empirical variance ≈ limit²/3 on a wide layer', () => {
    // 200×300 = 60000 kernel entries, U(-limit, limit): variance limit²/3, and the sample
    // variance has relative standard error sqrt(0.8/60000) ≈ 0.37% (excess kurtosis of a
    // uniform is −1.2); 3% is ~8 standard errors. The mean has std limit/sqrt(180000).
    const spec = { inputDim: 200, layers: [{ units: 300, activation: 'tanh' as const }] };
    const p = initParams(spec, createRng(7));
    const limit = Math.sqrt(6 / 500);
    const n = 200 * 300;
    let mean = 0;
    for (let k = 0; k < n; k++) mean += p[k]!;
    mean /= n;
    let v = 0;
    for (let k = 0; k < n; k++) v += (p[k]! - mean) ** 2;
    v /= n - 1;
    expect(Math.abs(mean)).toBeLessThan(5 * limit / Math.sqrt(3 * n));
    expect(Math.abs(v / (limit * limit / 3) - 1)).toBeLessThan(0.03);
  });

  it('rejects a missing rng with a TypeError', () => {
    expect(() => initParams(REFERENCE_SPEC, undefined as never)).toThrow(/initParams: rng/);
  });
});
