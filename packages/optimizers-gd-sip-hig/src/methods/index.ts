import { availableParallelism } from 'node:os';
import type { MethodConfig, MethodName } from '@hig-lab/core';
import type { TrainingMethod } from '../method.js';
import type { Problem } from '../problem.js';
import { gradientDescent } from './gd.js';
import { halfInverseGradients } from './hig.js';
import type { HalfInverseRoute } from './hig.js';
import { scaleInvariantPhysics } from './sip.js';

export interface MethodOptions {
  /** HIG and GN: the Gram route (dense, or truncated when too large; the default), one of them forced, or an exact SVD of J. */
  readonly route?: HalfInverseRoute;
  /**
   * Threads the method may use where its work splits (HIG and GN: per-sample physics
   * sensitivities, the Gram assembly, the eigen-solver's matrix-matrix updates), each only above
   * a measured size. Results are the same for any number. Default: the machine's available
   * parallelism; sweeps that run several trainings at once give each one thread.
   */
  readonly threads?: number;
}

/** The training method `name` with its hyperparameters, bound to a problem. */
export function createMethod(name: MethodName, problem: Problem, config: MethodConfig, options: MethodOptions = {}): TrainingMethod {
  switch (name) {
    case 'GD':
      return gradientDescent(problem, config);
    case 'SIP':
      return scaleInvariantPhysics(problem, config);
    case 'HIG':
      return halfInverseGradients(problem, config, 'HIG', options.route, threadsOf(options));
    case 'GN':
      return halfInverseGradients(problem, { ...config, beta: 1 }, 'GN', options.route, threadsOf(options));
  }
}

/** options.threads, checked, or the machine's available parallelism. */
function threadsOf(options: MethodOptions): number {
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`createMethod: options.threads must be a positive integer, got ${threads}`);
  return threads;
}
