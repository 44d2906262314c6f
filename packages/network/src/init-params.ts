import type { Rng } from '@hig-lab/core';
import type { NetworkSpec } from './network-spec.js';
import { paramCount, paramLayout } from './param-layout.js';

/**
 * Fresh parameters `[P]` in Keras order: Glorot-uniform kernels, `W[i,j] ~ U(-limit, limit)` with
 * `limit = sqrt(6 / (fanIn + units))` (variance `limit²/3 = 2/(fanIn+units)`), and zero biases.
 * Draws exactly one `rng.uniform()` per kernel entry, layer by layer in row-major order, so the
 * result is reproducible from the generator's seed.
 */
export function initParams(spec: NetworkSpec, rng: Rng): Float64Array {
  if (typeof rng !== 'object' || rng === null || typeof rng.uniform !== 'function') {
    throw new TypeError(`initParams: rng must be an Rng with uniform(), received ${rng === null ? 'null' : typeof rng}`);
  }
  const params = new Float64Array(paramCount(spec));
  for (const { fanIn, units, kernelOffset } of paramLayout(spec)) {
    const limit = Math.sqrt(6 / (fanIn + units));
    const end = kernelOffset + fanIn * units;
    for (let k = kernelOffset; k < end; k++) params[k] = (2 * rng.uniform() - 1) * limit;
    // Biases stay zero (Keras default).
  }
  return params;
}
