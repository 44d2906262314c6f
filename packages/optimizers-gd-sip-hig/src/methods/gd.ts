import type { MethodConfig } from '@hig-lab/core';
import { Adam } from '../adam.js';
import { adamState } from '../method.js';
import type { TrainingMethod } from '../method.js';
import type { Problem } from '../problem.js';

/** Plain gradient descent with Adam on loss/B: the network is trained through the physics' adjoint. */
export function gradientDescent(problem: Problem, config: MethodConfig): TrainingMethod {
  const B = config.batchSize;
  const adam = new Adam(problem.paramCount, config.learningRate);
  const grad = new Float64Array(problem.paramCount);
  const gu = new Float64Array(B * problem.controls);
  return {
    name: 'GD',
    config,
    ...adamState(adam),
    update(params, data, offset) {
      problem.forward(params, data, offset, B);
      problem.rollout.adjoint(gu, null, problem.initial(data, offset, B), problem.u, problem.cotangent(data, offset, B), B);
      grad.fill(0);
      problem.mlp.backward(grad, gu, B);
      adam.step(params, grad);
    },
  };
}
