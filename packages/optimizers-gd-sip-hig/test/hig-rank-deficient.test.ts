import { describe, expect, it } from '@jest/globals';
import { createRng, instantiate } from '@hig-lab/core';
import experiment from '@hig-lab/experiment-coupled-oscillators';
import { MethodRun } from '../src/index.js';

describe('HIG on rank-deficient, graded Gram matrices', () => {
  it('trains 8 coupled oscillators (512×512 Gram, ~190 zero eigenvalues) through the batch whose eigen-solve once failed', () => {
    // `hig run --method HIG --set n=8` (seed 42): the Gram matrix of batch 12 stalled the QR
    // iteration of the eigen-solver; 16 batches cover it with some to spare.
    const exp = instantiate(experiment, { n: 8 });
    const run = new MethodRun(exp, 'HIG', exp.data(createRng(42).fork('data')), 42, {});
    for (let b = 0; b < 16; b++) run.trainBatch();
    expect(run.active).toBe(true);
    expect(run.params.every(Number.isFinite)).toBe(true);
  });
});
