import type { Dataset, Rng } from '@hig-lab/core';

/**
 * The oscillators' task: start anywhere in U[0,1)^dim and come back. Initial state, network
 * input and target are the same array.
 */
export function returnToStartData(rng: Rng, dim: number, sizes: { train: number; test: number }): { train: Dataset; test: Dataset } {
  const sample = (r: Rng, size: number): Dataset => {
    const initial = new Float64Array(size * dim);
    for (let i = 0; i < initial.length; i++) initial[i] = r.uniform();
    return { size, initial, input: initial, target: initial };
  };
  return { train: sample(rng.fork('train'), sizes.train), test: sample(rng.fork('test'), sizes.test) };
}
