import { defineStepSystem } from '@hig-lab/core';
import type { PhysicsSystem } from '@hig-lab/core';
import { shiftedHamiltonian } from './crank-nicolson.js';

/**
 * A particle in a box [0, L] driven by a uniform field u(t) through its dipole:
 *   i dψ/dt = H(u) ψ,   H(u) = -d²/dx² + u·x,   ψ(0) = ψ(L) = 0,
 * on `points` grid points x_j = j·h, h = L/(points - 1), of which n = points - 2 are unknowns.
 *
 * State layout, s [2n]: s = [Re ψ_1 .. Re ψ_n, Im ψ_1 .. Im ψ_n]. Control u [1], held over a step.
 *
 * One Crank–Nicolson step with A = I + i(dt/2)H, B = I - i(dt/2)H (A, B tridiagonal, commuting):
 *   A ψ' = B ψ.
 * Its exact derivatives, with X = diag(x) and dA/du = -dB/du = i(dt/2)X:
 *   ∂ψ'/∂ψ = A⁻¹B,   ∂ψ'/∂u = -i(dt/2) A⁻¹X(ψ + ψ').
 * A⁻¹B is unitary since H is Hermitian, so Σ|ψ_j|² is preserved exactly by the scheme.
 */
export interface QuantumParams {
  /** Grid points including both walls (n = points - 2 unknowns). */
  readonly points: number;
  /** Width L of the box. */
  readonly length: number;
}

const DEFAULT_QUANTUM_PARAMS: QuantumParams = { points: 16, length: 2 };

export function quantumDipole(params: Partial<QuantumParams> = {}): PhysicsSystem {
  const { points, length } = resolveParams('quantumDipole', params);
  const n = points - 2;
  const dim = 2 * n;
  const op = shiftedHamiltonian(n, length / (points - 1));
  const { x } = op;
  const rhs = new Float64Array(dim);
  const unit = new Float64Array(dim);
  const column = new Float64Array(dim);
  const next = new Float64Array(dim);
  const w = new Float64Array(dim);

  /** out = A⁻¹B ψ. */
  function propagate(out: Float64Array, psi: Float64Array, u: number, dt: number): void {
    op.apply(rhs, psi, -dt / 2, u);
    op.solve(out, rhs, dt / 2, u);
  }

  /**
   * js [2n×2n] = the realification [[P, -Q], [Q, P]] of A⁻¹B = P + iQ, one column e_k at a time,
   * using A⁻¹B = A⁻¹(2I - A) = 2A⁻¹ - I (one solve per column).
   */
  function stateJacobian(js: Float64Array, u: number, dt: number): void {
    for (let k = 0; k < n; k++) {
      unit.fill(0);
      unit[k] = 1;
      op.solve(column, unit, dt / 2, u);
      for (let i = 0; i < n; i++) {
        const p = 2 * column[i] - (i === k ? 1 : 0);
        const q = 2 * column[n + i];
        js[i * dim + k] = p;
        js[(n + i) * dim + k] = q;
        js[i * dim + n + k] = -q;
        js[(n + i) * dim + n + k] = p;
      }
    }
  }

  /** ju [2n] = -i(dt/2) A⁻¹X(ψ + ψ'). */
  function controlJacobian(ju: Float64Array, psi: Float64Array, psiNext: Float64Array, u: number, dt: number): void {
    for (let j = 0; j < n; j++) {
      rhs[j] = x[j] * (psi[j] + psiNext[j]);
      rhs[n + j] = x[j] * (psi[n + j] + psiNext[n + j]);
    }
    op.solve(column, rhs, dt / 2, u);
    for (let j = 0; j < n; j++) {
      ju[j] = (dt / 2) * column[n + j]; // -i(a + ib) = b - ia
      ju[n + j] = -(dt / 2) * column[j];
    }
  }

  return defineStepSystem({
    name: 'quantum-dipole',
    stateDim: dim,
    controlDim: 1,
    order: 2,
    params: { points, length },
    stateNames: [...range(n).map((j) => `re${j + 1}`), ...range(n).map((j) => `im${j + 1}`)],
    step(out, s, u, dt) {
      propagate(out, s, u[0], dt);
    },
    // The step is complex-linear in ψ for a fixed u: dense sensitivities sweep half the rows.
    complexLinear: true,
    // ψ̇' = A⁻¹B ψ̇ - i(dt/2) u̇ A⁻¹X(ψ + ψ') = A⁻¹(B ψ̇ - i(dt/2) u̇ X σ), one apply and one solve.
    stepJvp(out, s, u, dt, ds, du, after) {
      const psiNext = after ?? next;
      if (!after) propagate(next, s, u[0], dt);
      op.apply(rhs, ds, -dt / 2, u[0]);
      const c = (dt / 2) * du[0];
      for (let j = 0; j < n; j++) {
        rhs[j] += c * x[j] * (s[n + j] + psiNext[n + j]); // -i·c·(a + ib) = c·b - i·c·a
        rhs[n + j] -= c * x[j] * (s[j] + psiNext[j]);
      }
      op.solve(out, rhs, dt / 2, u[0]);
    },
    stepJacobians(out, js, ju, s, u, dt) {
      propagate(next, s, u[0], dt);
      stateJacobian(js, u[0], dt);
      controlJacobian(ju, s, next, u[0], dt);
      out.set(next);
    },
    // The realified transpose of a complex-linear M is the realified M^H, and a real dot product
    // of realified vectors is Re⟨a, b⟩ = Re Σ conj(a_j) b_j. H is real symmetric, so A^H = B and
    // B^H = A; with w = A^{-H}λ = B⁻¹λ and σ = ψ + ψ':
    //   gs = (A⁻¹B)^H λ = B^H A^{-H} λ = A w = 2w - λ   (A + B = 2I, so A w = 2w - B w),
    //   gu = Re⟨λ, -i(dt/2)A⁻¹Xσ⟩ = Re⟨w, -i(dt/2)Xσ⟩ = (dt/2) Σ_j x_j Im(conj(w_j) σ_j).
    stepVjp(gs, gu, s, u, dt, lambda, after) {
      // ψ' is needed for gu; a rollout passes the one it stored, which saves a solve.
      const psiNext = after ?? next;
      if (!after) propagate(next, s, u[0], dt);
      op.solve(w, lambda, -dt / 2, u[0]);
      for (let j = 0; j < dim; j++) gs[j] = 2 * w[j] - lambda[j];
      let acc = 0;
      for (let j = 0; j < n; j++) {
        acc += x[j] * (w[j] * (s[n + j] + psiNext[n + j]) - w[n + j] * (s[j] + psiNext[j]));
      }
      gu[0] = (dt / 2) * acc;
    },
    invariant: { name: 'norm', value: norm2 },
  });
}

/** Σ_j |ψ_j|² of s [2n]. */
export function norm2(s: Float64Array): number {
  let acc = 0;
  for (let i = 0; i < s.length; i++) acc += s[i] * s[i];
  return acc;
}

/**
 * The k-th eigenstate of H(0), k = 1..n, as a state [2n] (imaginary part 0): the discrete
 * Laplacian's eigenvectors are exactly φ_k(x_j) = sqrt(2/(n+1)) sin(kπ j/(n+1)), of unit norm.
 */
export function eigenstate(k: number, params: Partial<QuantumParams> = {}): Float64Array {
  const n = checkMode('eigenstate', k, params);
  const out = new Float64Array(2 * n);
  for (let j = 1; j <= n; j++) out[j - 1] = Math.sqrt(2 / (n + 1)) * Math.sin((k * Math.PI * j) / (n + 1));
  return out;
}

/** The k-th eigenvalue of H(0): λ_k = (2 - 2cos(kπ/(n+1)))/h². */
export function eigenvalue(k: number, params: Partial<QuantumParams> = {}): number {
  const n = checkMode('eigenvalue', k, params);
  const h = resolveParams('eigenvalue', params).length / (n + 1);
  return (2 - 2 * Math.cos((k * Math.PI) / (n + 1))) / (h * h);
}

function checkMode(fnName: string, k: number, params: Partial<QuantumParams>): number {
  const n = resolveParams(fnName, params).points - 2;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`${fnName}: k must be an integer in [1, ${n}], got ${k}`);
  return n;
}

function resolveParams(fnName: string, params: Partial<QuantumParams>): QuantumParams {
  const p = { ...DEFAULT_QUANTUM_PARAMS, ...params };
  if (!Number.isInteger(p.points) || p.points < 3) throw new RangeError(`${fnName}: points must be an integer >= 3, got ${p.points}`);
  if (!(p.length > 0) || !Number.isFinite(p.length)) throw new RangeError(`${fnName}: length must be a positive number, got ${p.length}`);
  return p;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
