import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRng } from '@hig-lab/core';
import type { Experiment } from '@hig-lab/core';
import { closeWorkerPool, splitThresholds, startWorkerPool, wasmKernels } from '@hig-lab/kernels';
import { initParams } from '@hig-lab/network';
import { createMethod, Problem } from '../src/index.js';
import { dataOf, smallExperiment } from './fixtures.js';

/** Weights after two HIG updates on `threads` threads, and how many threads the sensitivities used. */
function twoUpdates(exp: Experiment, threads: number): { params: Float64Array; sensitivityThreads: number } {
  const config = exp.methods.HIG!;
  const problem = new Problem(exp, 16);
  const method = createMethod('HIG', problem, config, { threads });
  const params = initParams(exp.network, createRng(3).fork('weights'));
  const data = dataOf(exp);
  method.update(params, data.train, 0);
  method.update(params, data.train, config.batchSize);
  return { params, sensitivityThreads: problem.sensitivityThreads };
}

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
    const one = twoUpdates(exp, 1);
    const two = twoUpdates(exp, 2);
    expect(one.sensitivityThreads).toBe(1);
    expect(two.sensitivityThreads).toBe(wasmKernels() ? 2 : 1);
    expect(Array.from(two.params)).toEqual(Array.from(one.params));
  });

  it('keeps to one thread for the sensitivities of an experiment the workers cannot re-create', () => {
    const unknown: Experiment = { ...exp, name: 'not-in-this-workspace' };
    const two = twoUpdates(unknown, 2);
    expect(two.sensitivityThreads).toBe(1);
    expect(Array.from(two.params)).toEqual(Array.from(twoUpdates(exp, 1).params));
  });

  it('rejects a thread count that is not a positive integer', () => {
    const problem = new Problem(exp, 16);
    expect(() => createMethod('HIG', problem, exp.methods.HIG!, { threads: 0 })).toThrow(new RangeError('createMethod: options.threads must be a positive integer, got 0'));
  });
});
