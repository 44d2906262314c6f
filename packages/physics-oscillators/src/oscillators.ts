import { defineOdeSystem } from '@hig-lab/core';
import type { PhysicsSystem } from '@hig-lab/core';

/**
 * A chain of n unit oscillators with free ends, state s = [x_1..x_n, v_1..v_n]:
 *   dx_i/dt = v_i
 *   dv_i/dt = -x_i + Σ_{j ∈ nbr(i)} [ k (x_j - x_i) + α (x_j - x_i)^3 ] + w δ_{i,n} u
 * i.e. linear coupling k through the free-end Laplacian, a quartic coupling potential α, and a
 * scalar control u pushing the last oscillator with weight w. Hamiltonian:
 *   E = Σ_i (x_i² + v_i²)/2 + Σ_edges [ (k/2) d² + (α/4) d⁴ ],  d = x_i - x_{i+1},
 * and under control dE/dt = w u v_n.
 */
export interface OscillatorParams {
  /** Number of oscillators. */
  readonly n: number;
  /** Linear coupling strength. */
  readonly k: number;
  /** Quartic coupling strength. */
  readonly alpha: number;
  /** Weight of the control on the last oscillator. */
  readonly controlWeight: number;
}

export const DEFAULT_OSCILLATOR_PARAMS: OscillatorParams = { n: 2, k: 0.2, alpha: 0, controlWeight: 1 };

export function coupledOscillators(params: Partial<OscillatorParams> = {}): PhysicsSystem {
  const { n, k, alpha, controlWeight: w } = { ...DEFAULT_OSCILLATOR_PARAMS, ...params };
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`coupledOscillators: n must be a positive integer, got ${n}`);
  const dim = 2 * n;
  return defineOdeSystem({
    name: 'coupled-oscillators',
    stateDim: dim,
    controlDim: 1,
    params: { n, k, alpha, controlWeight: w },
    stateNames: [...range(n).map((i) => `x${i + 1}`), ...range(n).map((i) => `v${i + 1}`)],
    rhs(out, s, u) {
      for (let i = 0; i < n; i++) {
        out[i] = s[n + i];
        out[n + i] = -s[i] + coupling(s, i, i - 1) + coupling(s, i, i + 1);
      }
      out[dim - 1] += w * u[0];
    },
    jacobians(fs, fu, s) {
      fs.fill(0);
      fu.fill(0);
      for (let i = 0; i < n; i++) {
        fs[i * dim + n + i] = 1; // dx_i/dt = v_i
        const row = (n + i) * dim;
        fs[row + i] = -1;
        if (i > 0) couplingSlope(fs, row, s, i, i - 1);
        if (i + 1 < n) couplingSlope(fs, row, s, i, i + 1);
      }
      fu[dim - 1] = w;
    },
    energy(s) {
      let e = 0;
      for (let i = 0; i < dim; i++) e += 0.5 * s[i] * s[i];
      for (let i = 0; i + 1 < n; i++) {
        const d2 = (s[i] - s[i + 1]) ** 2;
        e += 0.5 * k * d2 + 0.25 * alpha * d2 * d2;
      }
      return e;
    },
    power: (s, u) => w * u[0] * s[dim - 1],
  });

  /** Adds ∂/∂x of the coupling force on i from its neighbour j to row `row` of fs. */
  function couplingSlope(fs: Float64Array, row: number, s: Float64Array, i: number, j: number): void {
    const slope = k + 3 * alpha * (s[j] - s[i]) ** 2;
    fs[row + j] += slope;
    fs[row + i] -= slope;
  }

  /** Force on oscillator i from neighbour j (zero past the free ends). */
  function coupling(s: Float64Array, i: number, j: number): number {
    if (j < 0 || j >= n) return 0;
    const d = s[j] - s[i];
    return k * d + alpha * d * d * d;
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
