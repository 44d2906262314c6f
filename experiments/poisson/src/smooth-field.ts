import type { Rng } from '@hig-lab/core';

/**
 * out [N×N] = a smooth random field with zero boundary: the sine series
 * x_ij = Σ_{k,l=1..N} a_kl sin(πk(i+1)/(N+1)) sin(πl(j+1)/(N+1)) with a_kl ~ N(0, 1)·2/(k² + l²):
 * white noise filtered by the inverse Laplacian's decay, so the lowest mode has unit size and
 * x is as smooth as the solution of a Poisson problem with a white-noise right-hand side.
 * `basis` [N×N] holds sin(πk(i+1)/(N+1)) at (k-1, i) (see `sineBasis`); coefficients and scratch
 * are [N×N] work buffers.
 */
export function smoothField(out: Float64Array, rng: Rng, N: number, basis: Float64Array, coefficients: Float64Array, scratch: Float64Array): Float64Array {
  for (let k = 1; k <= N; k++) for (let l = 1; l <= N; l++) coefficients[(k - 1) * N + (l - 1)] = (rng.normal() * 2) / (k * k + l * l);
  // x = Sᵀ A S with S [N×N] the sine basis, in two N³ products: scratch = A S, then x = Sᵀ scratch.
  for (let k = 0; k < N; k++) {
    for (let j = 0; j < N; j++) {
      let acc = 0;
      for (let l = 0; l < N; l++) acc += coefficients[k * N + l] * basis[l * N + j];
      scratch[k * N + j] = acc;
    }
  }
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      let acc = 0;
      for (let k = 0; k < N; k++) acc += basis[k * N + i] * scratch[k * N + j];
      out[i * N + j] = acc;
    }
  }
  return out;
}

/** basis [N×N]: row k-1 is sin(πk(i+1)/(N+1)) for i = 0..N-1, the Dirichlet Laplacian's eigenvectors. */
export function sineBasis(N: number): Float64Array {
  const basis = new Float64Array(N * N);
  for (let k = 1; k <= N; k++) for (let i = 0; i < N; i++) basis[(k - 1) * N + i] = Math.sin((Math.PI * k * (i + 1)) / (N + 1));
  return basis;
}
