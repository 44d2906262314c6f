import { defineLinearSystem } from '@hig-lab/core';
import type { PhysicsSystem } from '@hig-lab/core';

/**
 * out [N×N] = Δx, the 5-point Laplacian with unit spacing on an N×N grid of interior points with
 * zero (Dirichlet) boundary: out_ij = x_{i-1,j} + x_{i+1,j} + x_{i,j-1} + x_{i,j+1} − 4x_ij, row-major,
 * terms outside the grid being zero. The stencil is symmetric, so Δᵀ = Δ.
 */
export function laplacian(out: Float64Array, x: Float64Array, N: number): Float64Array {
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const k = i * N + j;
      let acc = -4 * x[k];
      if (i > 0) acc += x[k - N];
      if (i + 1 < N) acc += x[k + N];
      if (j > 0) acc += x[k - 1];
      if (j + 1 < N) acc += x[k + 1];
      out[k] = acc;
    }
  }
  return out;
}

/**
 * The Poisson problem as a (static) physics step: the state after the step is the Laplacian of
 * the control, s' = Δu, whatever s and dt are. A linear operator with products only (no N²×N²
 * matrix), exact in the sense of the contract kit: uncontrolled, every step gives 0.
 */
export function poissonSystem(N: number): PhysicsSystem {
  const n = N * N;
  return defineLinearSystem({
    name: `poisson-${N}x${N}`,
    stateDim: n,
    controlDim: n,
    params: { grid: N },
    stateNames: Array.from({ length: n }, (_, k) => `y(${Math.floor(k / N)},${k % N})`),
    apply(out, _s, u) {
      laplacian(out, u, N);
    },
    applyTranspose(gs, gu, lambda) {
      gs.fill(0);
      laplacian(gu, lambda, N);
    },
  });
}
