import type { FinalStateLoss } from './experiment.js';

/** L(y, y*) = Σ_i (y_i - y*_i)², no factor 1/2, over a target of the state's size. */
export function squaredError(dim: number): FinalStateLoss {
  return squaredErrorOn(dim, Array.from({ length: dim }, (_, i) => i));
}

/**
 * L(y, y*) = Σ_k w_k (y[components[k]] − y*_k)² on part of a state of size stateDim (or all of it,
 * reordered, weighted): the target has one entry per listed component. Weights default to 1.
 */
export function squaredErrorOn(stateDim: number, components: readonly number[], weights?: readonly number[]): FinalStateLoss {
  const fn = 'squaredErrorOn';
  if (!Number.isInteger(stateDim) || stateDim < 1) throw new RangeError(`${fn}: stateDim must be a positive integer, got ${stateDim}`);
  if (components.length === 0) throw new RangeError(`${fn}: components must list at least one state component, got none`);
  for (const c of components) {
    if (!Number.isInteger(c) || c < 0 || c >= stateDim) throw new RangeError(`${fn}: components must be integers in [0, ${stateDim}), got ${c}`);
  }
  if (weights && weights.length !== components.length) throw new RangeError(`${fn}: weights must have one entry per component (${components.length}), got ${weights.length}`);
  for (const w of weights ?? []) if (!(w > 0) || !Number.isFinite(w)) throw new RangeError(`${fn}: weights must be positive and finite, got ${w}`);
  const idx = Int32Array.from(components);
  const wts = Float64Array.from(weights ?? components.map(() => 1));
  const k = idx.length;
  return {
    targetDim: k,
    value(y, target) {
      let acc = 0;
      for (let i = 0; i < k; i++) acc += wts[i] * (y[idx[i]] - target[i]) ** 2;
      return acc;
    },
    gradient(out, y, target) {
      out.fill(0, 0, stateDim);
      for (let i = 0; i < k; i++) out[idx[i]] += 2 * wts[i] * (y[idx[i]] - target[i]);
    },
    squares: { components: Array.from(idx), ...(weights ? { weights: Array.from(wts) } : {}) },
  };
}
