import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import { closeWorkerPool, splitThresholds, startWorkerPool } from '@hig-lab/kernels';
import { halfInverseApplySvd } from '../src/index.js';
import { gaussian, makeRng } from './helpers.js';

const defaultSplit = splitThresholds.qr;
beforeAll(async () => {
  splitThresholds.qr = 0; // split the QR's later columns however few
  await startWorkerPool(2);
});
afterAll(async () => {
  splitThresholds.qr = defaultSplit;
  await closeWorkerPool();
});

describe('exact SVD route on two threads', () => {
  // Shorter sides up to 40: panels of 16 columns with partial last panels, odd column splits; tall and wide.
  const shape = fc.record({ m: fc.integer({ min: 1, max: 40 }), n: fc.integer({ min: 1, max: 90 }), seed: fc.integer(), wide: fc.boolean() });
  test.prop([shape], { numRuns: 30 })('gives bitwise the same A^{+1/2} g as one thread', ({ m, n, seed, wide }) => {
    const [rows, cols] = wide ? [m, n] : [n, m];
    const rng = makeRng(seed);
    const a = gaussian(rng, rows * cols);
    const g = gaussian(rng, rows);
    const one = halfInverseApplySvd(new Float64Array(cols), a, rows, cols, g, 0.5, 1e-8, 1);
    const two = halfInverseApplySvd(new Float64Array(cols).fill(NaN), a, rows, cols, g, 0.5, 1e-8, 2);
    expect(Array.from(two)).toEqual(Array.from(one));
  });
});
