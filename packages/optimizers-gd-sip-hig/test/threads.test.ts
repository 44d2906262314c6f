import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { createRng, Rollout } from '@hig-lab/core';
import type { Experiment } from '@hig-lab/core';
import { allocShared, closeWorkerPool, splitThresholds, startWorkerPool, wasmKernels } from '@hig-lab/kernels';
import { initParams } from '@hig-lab/network';
import { createMethod, Problem } from '../src/index.js';
import { ParallelSensitivities, shareBounds } from '../src/parallel-sensitivities.js';
import { dataOf, smallExperiment } from './fixtures.js';

/** Weights after `updates` HIG updates on `threads` threads, and how many threads the sensitivities used. */
function updated(exp: Experiment, threads: number, updates = 2): { params: Float64Array; sensitivityThreads: number } {
  const config = exp.methods.HIG!;
  const problem = new Problem(exp, 16);
  const method = createMethod('HIG', problem, config, { threads });
  const params = initParams(exp.network, createRng(3).fork('weights'));
  const data = dataOf(exp);
  for (let k = 0; k < updates; k++) method.update(params, data.train, (k % 2) * config.batchSize);
  return { params, sensitivityThreads: problem.sensitivityThreads };
}

describe('shareBounds', () => {
  const rates = fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 8 });
  test.prop([rates, fc.integer({ min: 0, max: 500 })])('cuts B samples into contiguous shares of at least one, in proportion to the rates within a sample', (r, extra) => {
    const B = r.length + extra;
    const bounds = shareBounds(r, B);
    expect(bounds).toHaveLength(r.length + 1);
    expect(bounds[0]).toBe(0);
    expect(bounds.at(-1)).toBe(B);
    const total = r.reduce((a, b) => a + b, 0);
    let acc = 0;
    for (let i = 0; i < r.length; i++) {
      expect(bounds[i + 1] - bounds[i]).toBeGreaterThanOrEqual(1);
      acc += r[i];
      // Rounding moves a cut by half a sample; the one-sample floor by at most one per share before it.
      if (i < r.length - 1) expect(Math.abs(bounds[i + 1] - (acc / total) * B)).toBeLessThanOrEqual(0.5 + r.length);
    }
  });

  it('gives equal rates equal shares', () => {
    expect(shareBounds([1, 1], 128)).toEqual([0, 64, 128]);
    expect(shareBounds([3, 1], 128)).toEqual([0, 96, 128]);
  });
});

describe('HIG on two threads', () => {
  const thresholds = { ...splitThresholds };
  beforeAll(async () => {
    // Split even these small problems: sensitivities by samples, Gram pairs, trailing updates.
    splitThresholds.gram = 0;
    splitThresholds.syr2k = 0;
    splitThresholds.sensitivities = 0;
    await startWorkerPool(2);
  });
  afterAll(async () => {
    Object.assign(splitThresholds, thresholds);
    await closeWorkerPool();
  });

  // Nonlinear physics (quartic coupling), 3 oscillators (state 6), an odd batch of 5 samples.
  const exp = smallExperiment({ n: 3, alpha: 0.5, 'HIG.batchSize': 5 });

  it('gives bitwise the same weights as one thread, with the sensitivities split by samples', () => {
    const one = updated(exp, 1);
    const two = updated(exp, 2);
    expect(one.sensitivityThreads).toBe(1);
    expect(two.sensitivityThreads).toBe(wasmKernels() ? 2 : 1);
    expect(Array.from(two.params)).toEqual(Array.from(one.params));
  });

  it('stays bitwise the same as one thread over many updates, whatever shares the measured rates give', () => {
    expect(Array.from(updated(exp, 2, 8).params)).toEqual(Array.from(updated(exp, 1, 8).params));
  });

  it('gives every sample the dy/du of one thread under uneven shares, the rates skewed either way', () => {
    const B = 7;
    const rollout = new Rollout(exp.system, exp.steps, exp.dt);
    const { n, controlCount: cols } = rollout;
    const rng = createRng(5);
    const s0 = Float64Array.from({ length: B * n }, () => 0.3 * rng.normal());
    const u = Float64Array.from({ length: B * cols }, () => 0.3 * rng.normal());
    const y1 = new Float64Array(B * n);
    const d1 = new Float64Array(B * n * cols);
    rollout.sensitivities(y1, d1, s0, u, B);
    const parallel = new ParallelSensitivities(exp, rollout, B);
    const owner = {};
    const y = new Float64Array(B * n);
    const d = allocShared(owner, B * n * cols);
    for (const rates of [[1, 1], [9, 1], [1, 9], [100, 1]]) {
      // The measured samples per ms, set to force the shares (private: a test of the split alone).
      (parallel as unknown as { rates: number[] }).rates = rates;
      d.fill(NaN);
      expect(parallel.run(y, d, s0, u, B, 2)).toBe(wasmKernels() !== null);
      if (!wasmKernels()) return;
      expect(Array.from(d)).toEqual(Array.from(d1));
      expect(Array.from(y)).toEqual(Array.from(y1));
    }
  });

  it('keeps to one thread for the sensitivities of an experiment the workers cannot re-create', () => {
    const unknown: Experiment = { ...exp, name: 'not-in-this-workspace' };
    const two = updated(unknown, 2);
    expect(two.sensitivityThreads).toBe(1);
    expect(Array.from(two.params)).toEqual(Array.from(updated(exp, 1).params));
  });

  it('rejects a thread count that is not a positive integer', () => {
    const problem = new Problem(exp, 16);
    expect(() => createMethod('HIG', problem, exp.methods.HIG!, { threads: 0 })).toThrow(new RangeError('createMethod: options.threads must be a positive integer, got 0'));
  });
});
