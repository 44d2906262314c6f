import { describe, expect, it } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import { defineStepSystem } from '@hig-lab/core';
import {
  centralDifferenceJacobian,
  describeSystemContract,
  expm,
  FD_TOLERANCE,
  invariantError,
  scaledMaxError,
  stepJacobianError,
} from '@hig-lab/core/testkit';
import { eigenstate, eigenvalue, infidelityLoss, norm2, quantumDipole, shiftedHamiltonian } from '../src/index.js';

// The default grid: 16 points on [0, 2], n = 14 unknowns, h = 2/15; states are [re_1..re_14, im_1..im_14].
const N = 14;
const H_STEP = 2 / 15;
const DT = 0.05;
const system = quantumDipole();

const vec = (len: number, lo = -1, hi = 1) =>
  fc.array(fc.double({ min: lo, max: hi, noNaN: true }), { minLength: len, maxLength: len }).map((a) => Float64Array.from(a));
/** A state with at least a little norm, so relative measures are meaningful. */
const state = vec(2 * N).filter((s) => norm2(s) > 1e-3);

/** The dense Hamiltonian H(u) [n×n] = -d²/dx² + u·x with Dirichlet walls, written out independently of the package. */
function hamiltonian(u: number, n = N, h = H_STEP): Float64Array {
  const H = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    H[j * n + j] = 2 / (h * h) + u * (j + 1) * h;
    if (j > 0) H[j * n + j - 1] = -1 / (h * h);
    if (j < n - 1) H[j * n + j + 1] = -1 / (h * h);
  }
  return H;
}

/** The realified generator G [2n×2n] of ds/dt = G s for i dψ/dt = Hψ: d(a + ib)/dt = Hb - iHa. */
function generator(u: number, n = N): Float64Array {
  const H = hamiltonian(u, n);
  const m = 2 * n;
  const G = new Float64Array(m * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      G[i * m + n + j] = H[i * n + j];
      G[(n + i) * m + j] = -H[i * n + j];
    }
  }
  return G;
}

function matvec(a: Float64Array, x: Float64Array): Float64Array {
  const n = x.length;
  return Float64Array.from({ length: n }, (_, i) => {
    let acc = 0;
    for (let j = 0; j < n; j++) acc += a[i * n + j] * x[j];
    return acc;
  });
}

function distance(a: Float64Array, b: Float64Array): number {
  return Math.sqrt(a.reduce((acc, v, i) => acc + (v - b[i]) ** 2, 0));
}

/** ⟨φ|ψ⟩ as [re, im] for states in the [re, im] layout. */
function overlap(phi: Float64Array, psi: Float64Array): [number, number] {
  let re = 0, im = 0;
  for (let j = 0; j < N; j++) {
    re += phi[j] * psi[j] + phi[N + j] * psi[N + j];
    im += phi[j] * psi[N + j] - phi[N + j] * psi[j];
  }
  return [re, im];
}

/**
 * The first-order explicit step ψ' = ψ - i dt Hψ, declaring the norm invariant it breaks
 * (|ψ'|² = |ψ|² + dt²|Hψ|²): the mistake the kit's invariant check must catch.
 * Its Jacobians: ∂ψ'/∂ψ = I + dt G, ∂ψ'/∂u = -i dt Xψ.
 */
const explicitEuler = defineStepSystem({
  name: 'quantum-dipole-explicit-euler',
  stateDim: 2 * N,
  controlDim: 1,
  order: 1,
  step(out, s, u, dt) {
    const gs = matvec(generator(u[0]), s);
    for (let i = 0; i < s.length; i++) out[i] = s[i] + dt * gs[i];
  },
  stepJacobians(out, js, ju, s, u, dt) {
    this.step(out, s, u, dt);
    const G = generator(u[0]);
    for (let i = 0; i < 2 * N; i++) for (let j = 0; j < 2 * N; j++) js[i * 2 * N + j] = (i === j ? 1 : 0) + dt * G[i * 2 * N + j];
    for (let j = 0; j < N; j++) {
      ju[j] = dt * (j + 1) * H_STEP * s[N + j]; // -i x(a + ib) = x b - i x a
      ju[N + j] = -dt * (j + 1) * H_STEP * s[j];
    }
  },
  invariant: { name: 'norm', value: norm2 },
});

describe('quantumDipole', () => {
  it('names its state [re1..re14, im1..im14] and declares the norm invariant', () => {
    expect(system.stateDim).toBe(28);
    expect(system.controlDim).toBe(1);
    expect(system.order).toBe(2);
    expect(system.stateNames.slice(0, 2)).toEqual(['re1', 're2']);
    expect(system.stateNames.slice(13, 15)).toEqual(['re14', 'im1']);
    expect(system.stateNames[27]).toBe('im14');
    expect(system.invariant?.name).toBe('norm');
    expect(system.energy).toBeUndefined();
  });

  // A = I + iκH is normal with eigenvalues 1 + iκλ: ‖A⁻¹‖ ≤ 1 and ‖A‖ ≤ |1 + iκ(4/h² + 2|u|)|,
  // so both round trips are exact up to a few ε·‖A‖ of the vector.
  test.prop([state, state, fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: 1e-3, max: 1, noNaN: true })])(
    'solves (I + iκH) z = r: solve(apply(ψ)) = ψ and apply(solve(r)) = r, also in place',
    (psi, r, u, kappa) => {
      const op = shiftedHamiltonian(N, H_STEP);
      for (const k of [kappa, -kappa]) {
        const bound = 100 * Number.EPSILON * Math.hypot(1, k * (4 / H_STEP ** 2 + 2 * Math.abs(u)));
        const image = new Float64Array(2 * N);
        const back = new Float64Array(2 * N);
        op.apply(image, psi, k, u);
        op.solve(back, image, k, u);
        expect(distance(back, psi)).toBeLessThan(bound * Math.sqrt(norm2(psi)));
        const z = Float64Array.from(r);
        op.solve(z, z, k, u);
        op.apply(image, z, k, u);
        expect(distance(image, r)).toBeLessThan(bound * Math.sqrt(norm2(r)));
      }
    },
  );

  test.prop([state, fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: 1e-3, max: 1, noNaN: true })])(
    'solves as a fresh operator would, whatever (κ, u) it solved with before (its factors are kept per (κ, u))',
    (r, u, v, kappa) => {
      const expected = new Float64Array(2 * N);
      shiftedHamiltonian(N, H_STEP).solve(expected, r, kappa, u);
      const out = new Float64Array(2 * N);
      // Before: the same κ with another u, the same u with -κ, and the same (κ, u).
      for (const [k, w] of [[kappa, v + 1], [-kappa, u], [kappa, u]] as const) {
        const used = shiftedHamiltonian(N, H_STEP);
        used.solve(out, r, k, w);
        used.solve(out, r, kappa, u);
        expect(out).toEqual(expected);
      }
    },
  );

  // The kit's invariant check allows 100·ε per step; over the experiment's 384 steps:
  const normBound = 100 * Number.EPSILON * 384;
  it("would fail the kit's invariant check with a non-unitary step: explicit Euler blows the norm up at once", () => {
    const cases = fc.sample(fc.tuple(state, vec(4, -10, 10)), { numRuns: 3, seed: 1 });
    for (const [s0, u] of cases) {
      // a well-formed system otherwise: its derivatives pass, only the invariant fails
      expect(stepJacobianError(explicitEuler, s0, u.subarray(0, 1), DT)).toBeLessThan(FD_TOLERANCE);
      expect(invariantError(explicitEuler, s0, u, 4, DT)).toBeGreaterThan(1e6 * normBound);
      // even with a hundred times smaller steps it drifts far beyond rounding
      expect(invariantError(explicitEuler, s0, u, 4, DT / 100)).toBeGreaterThan(1e3 * normBound);
    }
  });

  it('has the discrete eigenstates φ_k = sqrt(2/15) sin(kπj/15), eigenvalues (2 - 2cos(kπ/15))/h², orthonormal', () => {
    const H = hamiltonian(0);
    for (let k = 1; k <= N; k++) {
      const phi = eigenstate(k);
      const lambda = (2 - 2 * Math.cos((k * Math.PI) / 15)) / H_STEP ** 2;
      expect(eigenvalue(k)).toBeCloseTo(lambda, 10);
      const re = phi.slice(0, N);
      const residual = matvec(H, re).map((v, j) => v - lambda * re[j]);
      expect(Math.sqrt(norm2(residual))).toBeLessThan(1e-12 * lambda);
      expect(phi.slice(N).every((v) => v === 0)).toBe(true);
      for (let l = 1; l <= N; l++) expect(overlap(eigenstate(l), phi)[0]).toBeCloseTo(k === l ? 1 : 0, 14);
    }
  });

  it('evolves an eigenstate by the pure phase e^{-iθ} per step, θ = 2·atan(λ dt/2) (CN is exact up to this phase)', () => {
    const count = 100;
    for (let k = 1; k <= N; k++) {
      const phi = eigenstate(k);
      let s = Float64Array.from(phi);
      const next = new Float64Array(2 * N);
      for (let t = 0; t < count; t++) {
        system.step(next, s, Float64Array.of(0), DT);
        s = Float64Array.from(next);
      }
      const theta = count * 2 * Math.atan((eigenvalue(k) * DT) / 2);
      const expected = new Float64Array(2 * N);
      for (let j = 0; j < N; j++) {
        expected[j] = Math.cos(theta) * phi[j];
        expected[N + j] = -Math.sin(theta) * phi[j];
      }
      expect(distance(s, expected)).toBeLessThan(count * 100 * Number.EPSILON);
    }
  });

  // One CN step differs from exp(-iH dt) by (i/12)(dt H)³ψ + O(dt⁴): halving dt divides the error by 8.
  test.prop([state, fc.double({ min: -5, max: 5, noNaN: true })], { numRuns: 12 })(
    'agrees with the exact propagator exp(-iH dt) to O(dt³) per step, error ≈ dt³|H³ψ|/12',
    (s, u) => {
      const G = generator(u);
      const oneStepError = (dt: number): number => {
        const out = new Float64Array(2 * N);
        system.step(out, s, Float64Array.of(u), dt);
        return distance(out, matvec(expm(G.map((v) => v * dt), 2 * N), s));
      };
      const dt = 5e-4; // λ_max dt ≈ 0.1: the asymptotic regime of every mode
      expect(Math.abs(Math.log2(oneStepError(dt) / oneStepError(dt / 2)) - 3)).toBeLessThan(0.1);
      const h3 = matvec(G, matvec(G, matvec(G, s)));
      const leading = (dt ** 3 / 12) * Math.sqrt(norm2(h3));
      expect(Math.abs(oneStepError(dt) / leading - 1)).toBeLessThan(0.05);
    },
  );

  test.prop([state], { numRuns: 12 })('keeps every |⟨φ_k|ψ(t)⟩| without control', (s0) => {
    const before = Array.from({ length: N }, (_, k) => Math.hypot(...overlap(eigenstate(k + 1), s0)));
    let s = Float64Array.from(s0);
    const next = new Float64Array(2 * N);
    for (let t = 0; t < 384; t++) {
      system.step(next, s, Float64Array.of(0), DT);
      s = Float64Array.from(next);
    }
    for (let k = 0; k < N; k++) expect(Math.abs(Math.hypot(...overlap(eigenstate(k + 1), s)) - before[k])).toBeLessThan(1e-12 * Math.sqrt(norm2(s0)));
  });

  it('rejects a bad grid and a bad mode, naming function and argument', () => {
    expect(() => quantumDipole({ points: 2 })).toThrow('quantumDipole: points must be an integer >= 3, got 2');
    expect(() => quantumDipole({ length: 0 })).toThrow('quantumDipole: length must be a positive number, got 0');
    expect(() => eigenstate(15)).toThrow('eigenstate: k must be an integer in [1, 14], got 15');
    expect(() => eigenvalue(0.5)).toThrow('eigenvalue: k must be an integer in [1, 14], got 0.5');
    expect(() => infidelityLoss(3)).toThrow('infidelityLoss: stateDim must be a positive even integer, got 3');
  });
});

describe('infidelityLoss', () => {
  const loss = infidelityLoss(2 * N);
  const mixture = (c2: number, c3: number): Float64Array => {
    const t = eigenstate(2).map((v, i) => c2 * v + c3 * eigenstate(3)[i]);
    return t.map((v) => v / Math.sqrt(norm2(t)));
  };
  const coefficient = fc.double({ min: -3, max: 3, noNaN: true });

  test.prop([coefficient, coefficient, fc.double({ min: 0, max: 2 * Math.PI, noNaN: true })])(
    'is 0 at the target, whatever its global phase, and 1 at an orthogonal state (the ground state)',
    (c2, c3, phase) => {
      fc.pre(Math.hypot(c2, c3) > 1e-3);
      const target = mixture(c2, c3);
      const rotated = new Float64Array(2 * N);
      for (let j = 0; j < N; j++) {
        rotated[j] = Math.cos(phase) * target[j];
        rotated[N + j] = Math.sin(phase) * target[j];
      }
      expect(Math.abs(loss.value(target, target))).toBeLessThan(1e-14);
      expect(Math.abs(loss.value(rotated, target))).toBeLessThan(1e-14);
      expect(loss.value(eigenstate(1), target)).toBeCloseTo(1, 14);
    },
  );

  test.prop([state, vec(2 * N)])('has a gradient equal to central differences', (y, t) => {
    const target = t.map((v) => v / Math.sqrt(norm2(t)));
    const grad = new Float64Array(2 * N);
    loss.gradient(grad, y, target);
    const fd = centralDifferenceJacobian((out, x) => void (out[0] = loss.value(x, target)), y, 1);
    expect(scaledMaxError(grad, fd)).toBeLessThan(FD_TOLERANCE);
  });
});

// The generic contract on two other grids (the experiment's test runs the default one), with
// controls up to ±10 as there: the dipole term u·x then matches or outweighs the energies of the
// low modes, far from the weakly driven regime.
describeSystemContract(quantumDipole({ points: 8, length: 1 }), { steps: 48, dt: 0.01, numRuns: 6, controlRange: [-10, 10] });
describeSystemContract(quantumDipole({ points: 24, length: 3 }), { steps: 96, dt: 0.0125, numRuns: 6, controlRange: [-10, 10] });
