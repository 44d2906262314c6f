import type { FinalStateLoss } from './experiment.js';

/** L(y, y*) = Σ_i (y_i - y*_i)², no factor 1/2, over a target of the state's size. */
export function squaredError(dim: number): FinalStateLoss {
  return {
    targetDim: dim,
    value(y, target) {
      let acc = 0;
      for (let i = 0; i < dim; i++) acc += (y[i] - target[i]) ** 2;
      return acc;
    },
    gradient(out, y, target) {
      for (let i = 0; i < dim; i++) out[i] = 2 * (y[i] - target[i]);
    },
  };
}
