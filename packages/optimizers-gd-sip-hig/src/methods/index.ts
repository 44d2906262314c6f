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
}

/** The training method `name` with its hyperparameters, bound to a problem. */
export function createMethod(name: MethodName, problem: Problem, config: MethodConfig, options: MethodOptions = {}): TrainingMethod {
  switch (name) {
    case 'GD':
      return gradientDescent(problem, config);
    case 'SIP':
      return scaleInvariantPhysics(problem, config);
    case 'HIG':
      return halfInverseGradients(problem, config, 'HIG', options.route);
    case 'GN':
      return halfInverseGradients(problem, { ...config, beta: 1 }, 'GN', options.route);
  }
}
