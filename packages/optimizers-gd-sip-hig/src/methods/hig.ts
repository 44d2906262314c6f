import type { MethodConfig, MethodName } from '@hig-lab/core';
import { allocShared } from '@hig-lab/kernels';
import { GramHalfInverse, halfInverseApplySvd } from '@hig-lab/linalg';
import { STATELESS } from '../method.js';
import type { TrainingMethod } from '../method.js';
import { assertFinite } from '../non-finite.js';
import type { Problem } from '../problem.js';

/** How the half-inverse is computed: the fast Gram route (default) or an exact SVD of J. */
export type HalfInverseRoute = 'gram' | 'svd';

/**
 * Half-Inverse Gradients: θ ← θ - lr·J^{+β} g with J = dy/dθ [(B·n)×P] (rows sample-major,
 * then state component) and g = ∂(loss/B)/∂y flattened alike. J^{+β} = V S^{-β} Uᵀ, singular
 * values at or below rcond·s_max dropped; β = 1/2 is HIG, β = 1 Gauss–Newton.
 *
 * The Gram route never forms J: with G = J Jᵀ = U Λ Uᵀ, J^{+β} g = Jᵀ U Λ^{-(1+β)/2} Uᵀ g. The
 * network assembles G layer by layer from the physics Jacobian dy/du and applies Jᵀ; the
 * eigen-problem is (B·n)², not (B·n)×P. Its eigenvalues resolve singular values down to about
 * 1e-7·s_max, so directions below that are dropped even when rcond is smaller (see linalg).
 */
export function halfInverseGradients(problem: Problem, config: MethodConfig, name: MethodName = 'HIG', route: HalfInverseRoute = 'gram', threads = 1): TrainingMethod {
  const B = config.batchSize;
  const { n, controls, paramCount: P } = problem;
  const rows = B * n;
  const beta = config.beta ?? (name === 'GN' ? 1 : 0.5);
  const rcond = config.rcond ?? 1e-10;
  const lr = config.learningRate;
  // dy/du and G in the kernels' shared memory: workers fill dy/du, and the Gram is assembled and
  // reduced in place by the WebAssembly kernels (plain arrays when those are not available).
  const buffers = {};
  const dydu = allocShared(buffers, B * n * controls);
  const step = new Float64Array(P);
  const gram = allocShared(buffers, rows * rows);
  const weights = new Float64Array(rows);
  const solver = new GramHalfInverse(rows, undefined, { threads });
  const jacobian = route === 'svd' ? new Float64Array(rows * P) : null;

  return {
    name,
    config,
    ...STATELESS,
    update(params, data, offset) {
      void buffers; // owns dydu and gram
      problem.forward(params, data, offset, B);
      problem.sensitivitiesAndCotangent(dydu, data, offset, problem.u, B, threads);
      const g = problem.lambda.subarray(0, rows);
      // Finite dy/du and weights can still overflow in the products that build J or G.
      if (jacobian) {
        problem.mlp.jacobian(jacobian, dydu, B, n);
        assertFinite(jacobian, 'Jacobian');
        halfInverseApplySvd(step, jacobian, rows, P, g, beta, rcond);
      } else {
        problem.mlp.gram(gram, dydu, B, n, threads);
        assertFinite(gram, 'Jacobian');
        solver.weightsCore(weights, gram, g, beta, rcond);
        problem.mlp.jtv(step, weights);
      }
      for (let i = 0; i < P; i++) params[i] -= lr * step[i];
    },
  };
}
