import { Rollout } from '../rollout.js';
import type { PhysicsSystem } from '../system.js';
import { expm } from './expm.js';
import { centralDifferenceJacobian, scaledMaxError } from './finite-differences.js';
import { stepDeviationByProducts } from './product-checks.js';
import { dot, maxAbs, norm } from './vectors.js';

/**
 * Measurements behind the contract tests. Each returns a number (an error, a ratio) so that
 * the tests state the bound and the harness's own tests can show a broken system fails it.
 */

/** Error of the ODE right-hand side's Jacobians against central differences at (s, u). */
export function rhsJacobianError(system: PhysicsSystem, s: Float64Array, u: Float64Array): number {
  const ode = system.ode;
  if (!ode?.jacobians) throw new TypeError(`rhsJacobianError: system '${system.name}' is not an ODE with dense Jacobians`);
  const n = system.stateDim;
  const m = system.controlDim;
  const fs = new Float64Array(n * n);
  const fu = new Float64Array(n * m);
  ode.jacobians(fs, fu, Float64Array.from(s), Float64Array.from(u));
  const fdS = centralDifferenceJacobian((out, x) => ode.rhs(out, x, Float64Array.from(u)), s, n);
  const fdU = centralDifferenceJacobian((out, x) => ode.rhs(out, Float64Array.from(s), x), u, n);
  return Math.max(scaledMaxError(fs, fdS), scaledMaxError(fu, fdU));
}

/** Error of one step's Jacobians (and of the state stepJacobians writes) at (s, u). */
export function stepJacobianError(system: PhysicsSystem, s: Float64Array, u: Float64Array, dt: number): number {
  const stepJacobians = requireDense(system, 'stepJacobianError');
  const n = system.stateDim;
  const m = system.controlDim;
  const out = new Float64Array(n);
  const ref = new Float64Array(n);
  const js = new Float64Array(n * n);
  const ju = new Float64Array(n * m);
  stepJacobians(out, js, ju, Float64Array.from(s), Float64Array.from(u), dt);
  system.step(ref, Float64Array.from(s), Float64Array.from(u), dt);
  const fdS = centralDifferenceJacobian((o, x) => system.step(o, x, Float64Array.from(u), dt), s, n);
  const fdU = centralDifferenceJacobian((o, x) => system.step(o, Float64Array.from(s), x, dt), u, n);
  return Math.max(scaledMaxError(js, fdS), scaledMaxError(ju, fdU), scaledMaxError(out, ref));
}

/** Error of the optional step VJP against the transposed step Jacobians, for λ [n]. */
export function stepVjpError(system: PhysicsSystem, s: Float64Array, u: Float64Array, dt: number, lambda: Float64Array): number {
  if (!system.stepVjp) throw new TypeError(`stepVjpError: system '${system.name}' has no stepVjp`);
  const stepJacobians = requireDense(system, 'stepVjpError');
  const n = system.stateDim;
  const m = system.controlDim;
  const js = new Float64Array(n * n), ju = new Float64Array(n * m);
  stepJacobians(new Float64Array(n), js, ju, Float64Array.from(s), Float64Array.from(u), dt);
  const expectS = new Float64Array(n), expectU = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) expectS[j] += js[i * n + j] * lambda[i];
    for (let j = 0; j < m; j++) expectU[j] += ju[i * m + j] * lambda[i];
  }
  // Without and with the optional `next` hint (the state after the step), as rollouts call it.
  const next = new Float64Array(n);
  system.step(next, Float64Array.from(s), Float64Array.from(u), dt);
  let err = 0;
  for (const hint of [undefined, next]) {
    const gs = new Float64Array(n), gu = new Float64Array(m);
    system.stepVjp(gs, gu, Float64Array.from(s), Float64Array.from(u), dt, Float64Array.from(lambda), hint);
    err = Math.max(err, scaledMaxError(gs, expectS), scaledMaxError(gu, expectU));
  }
  return err;
}

/**
 * Errors of a single-sample rollout's derivatives against central differences: the forward
 * sensitivities dy/du, the adjoint with respect to u and s0 for a loss direction lambda, and
 * the forward/adjoint identity v·(J w) = (Jᵀ v)·w relative to |v|·|J|·|w|.
 */
export function rolloutDerivativeErrors(
  system: PhysicsSystem,
  steps: number,
  dt: number,
  s0: Float64Array,
  u: Float64Array,
  lambda: Float64Array,
  w: Float64Array,
): { sensitivities: number; adjointControls: number; adjointInitial: number; duality: number } {
  const n = system.stateDim;
  const rollout = new Rollout(system, steps, dt);
  const cols = rollout.controlCount;
  const y = new Float64Array(n);
  const dydu = new Float64Array(n * cols);
  rollout.sensitivities(y, dydu, s0, u, 1);
  const fdU = centralDifferenceJacobian((o, x) => rollout.final(o, s0, x, 1), u, n);
  const fdS = centralDifferenceJacobian((o, x) => rollout.final(o, x, u, 1), s0, n);

  const gu = new Float64Array(cols);
  const gs0 = new Float64Array(n);
  rollout.adjoint(gu, gs0, s0, u, lambda, 1);
  const vjp = (jac: Float64Array, cols_: number): Float64Array => {
    const r = new Float64Array(cols_);
    for (let i = 0; i < n; i++) for (let j = 0; j < cols_; j++) r[j] += lambda[i] * jac[i * cols_ + j];
    return r;
  };

  // The identity is bilinear: check it on unit vectors so the error is relative to |J|.
  const lambdaHat = unit(lambda);
  const wHat = unit(w);
  const guHat = new Float64Array(cols);
  rollout.adjoint(guHat, null, s0, u, lambdaHat, 1);
  const jw = new Float64Array(n); // J ŵ with the forward sensitivities
  for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) jw[i] += dydu[i * cols + j] * wHat[j];
  const scale = Math.max(maxAbs(dydu) * Math.sqrt(n * cols), Number.MIN_VALUE);
  return {
    sensitivities: scaledMaxError(dydu, fdU),
    adjointControls: scaledMaxError(gu, vjp(fdU, cols)),
    adjointInitial: scaledMaxError(gs0, vjp(fdS, n)),
    duality: Math.abs(dot(lambdaHat, jw) - dot(guHat, wHat)) / scale,
  };
}

/**
 * Global error of `steps` steps of size dt against an accurate reference, divided by the
 * error with twice the steps of half the size, controls held per original step. Tends to
 * 2^order. The reference is the exact flow (matrix exponential) when the ODE is affine, else
 * the system's own step with 64 substeps.
 */
export function convergenceRatio(system: PhysicsSystem, s0: Float64Array, u: Float64Array, steps: number, dt: number): number {
  const reference = affineFlow(system, s0, u, steps, dt) ?? substepped(system, s0, u, steps, dt, 64);
  const coarse = substepped(system, s0, u, steps, dt, 1);
  const fine = substepped(system, s0, u, steps, dt, 2);
  return distance(coarse, reference) / distance(fine, reference);
}

const MAX_HALVINGS = 10;

/**
 * The largest dt·2^-k (k ≤ 10) at which one step from each probe (s, u) changes no state by more
 * than half its size: ‖∂step/∂s − I‖∞ ≤ 1/2. Every eigenvalue μ ≈ e^{λh} of the step's Jacobian
 * then has |μ − 1| ≤ 1/2, i.e. |λh| ≲ 1/2 for each mode λ of the flow: every mode is resolved and
 * the leading term dominates the error, which is what an order measurement needs. The step
 * depends on the system only, never on the order measured at it.
 */
export function asymptoticStep(system: PhysicsSystem, probes: readonly (readonly [Float64Array, Float64Array])[], dt: number): number {
  let h = dt;
  for (let k = 0; k < MAX_HALVINGS && probes.some(([s, u]) => stepDeviation(system, s, u, h) > 0.5); k++) h /= 2;
  return h;
}

/**
 * ‖∂step/∂s − I‖∞ (largest row sum) at (s, u) for one step of length dt; for a system that gives
 * products only, an estimate of ‖∂step/∂s − I‖₂ (no n×n matrix is formed).
 */
function stepDeviation(system: PhysicsSystem, s: Float64Array, u: Float64Array, dt: number): number {
  if (!system.stepJacobians) return stepDeviationByProducts(system, s, u, dt);
  const stepJacobians = requireDense(system, 'stepDeviation');
  const n = system.stateDim;
  const js = new Float64Array(n * n);
  stepJacobians(new Float64Array(n), js, new Float64Array(n * system.controlDim), Float64Array.from(s), Float64Array.from(u), dt);
  let norm = 0;
  for (let i = 0; i < n; i++) {
    let row = 0;
    for (let j = 0; j < n; j++) row += Math.abs(js[i * n + j] - (i === j ? 1 : 0));
    norm = Math.max(norm, row);
  }
  return norm;
}

/** Relative energy change |E(T) - E(0)| / E(0) over `steps` uncontrolled steps. */
export function energyDrift(system: PhysicsSystem, s0: Float64Array, steps: number, dt: number): number {
  if (!system.energy) throw new TypeError(`energyDrift: system '${system.name}' has no energy`);
  const u = new Float64Array(steps * system.controlDim);
  const end = substepped(system, s0, u, steps, dt, 1);
  const e0 = system.energy(Float64Array.from(s0));
  return Math.abs(system.energy(end) - e0) / Math.abs(e0);
}

/**
 * |E(T) - E(0) - W| where W = ∫ power dt is integrated by RK4 alongside the state, for an
 * ODE system with energy and power. Exactly zero for the exact flow; RK4 makes it O(dt^4).
 */
export function workMismatch(system: PhysicsSystem, s0: Float64Array, u: Float64Array, steps: number, dt: number): number {
  const { ode, energy, power } = system;
  if (!ode || !energy || !power) throw new TypeError(`workMismatch: system '${system.name}' needs an ODE, energy and power`);
  const n = system.stateDim;
  const m = system.controlDim;
  // Augmented state [s, W] with dW/dt = power(s, u).
  const rhs = (out: Float64Array, z: Float64Array, uk: Float64Array): void => {
    const s = z.subarray(0, n);
    ode.rhs(out, s, uk);
    out[n] = power(s, uk);
  };
  let z: Float64Array = new Float64Array(n + 1);
  z.set(s0);
  const uk = new Float64Array(m);
  for (let t = 0; t < steps; t++) {
    uk.set(u.subarray(t * m, t * m + m));
    z = rk4(rhs, z, uk, dt);
  }
  return Math.abs(energy(z.slice(0, n)) - energy(Float64Array.from(s0)) - z[n]);
}

/** Largest |I(s_t) - I(s_0)| / |I(s_0)| of the declared invariant along a controlled rollout. */
export function invariantError(system: PhysicsSystem, s0: Float64Array, u: Float64Array, steps: number, dt: number): number {
  const inv = system.invariant;
  if (!inv) throw new TypeError(`invariantError: system '${system.name}' declares no invariant`);
  const traj = new Float64Array((steps + 1) * system.stateDim);
  new Rollout(system, steps, dt).trajectory(traj, s0, u, 1);
  const n = system.stateDim;
  const i0 = inv.value(traj.slice(0, n));
  let err = 0;
  for (let t = 1; t <= steps; t++) err = Math.max(err, Math.abs(inv.value(traj.slice(t * n, t * n + n)) - i0));
  return err / Math.abs(i0);
}

/** Final state after `steps` steps, each split into `substeps` equal substeps. */
function substepped(system: PhysicsSystem, s0: Float64Array, u: Float64Array, steps: number, dt: number, substeps: number): Float64Array {
  const m = system.controlDim;
  let s = Float64Array.from(s0);
  let next = new Float64Array(s.length);
  const uk = new Float64Array(m);
  for (let t = 0; t < steps; t++) {
    uk.set(u.subarray(t * m, t * m + m));
    for (let k = 0; k < substeps; k++) {
      system.step(next, s, uk, dt / substeps);
      [s, next] = [next, s];
    }
  }
  return s;
}

/**
 * The exact flow of an affine ODE f(s, u) = A s + B u + c (detected: the Jacobians are the same
 * at two different points and f is reproduced by them), else null. Per step it exponentiates
 * [[A, B u + c], [0, 0]]·dt, the augmented form of a constant forcing.
 */
function affineFlow(system: PhysicsSystem, s0: Float64Array, u: Float64Array, steps: number, dt: number): Float64Array | null {
  const ode = system.ode;
  if (!ode?.jacobians) return null;
  const jacobians: NonNullable<typeof ode.jacobians> = (...args) => ode.jacobians!(...args);
  const n = system.stateDim;
  const m = system.controlDim;
  const a = new Float64Array(n * n), b = new Float64Array(n * m);
  const a2 = new Float64Array(n * n), b2 = new Float64Array(n * m);
  const zeroS = new Float64Array(n), zeroU = new Float64Array(m);
  const probeS = s0.map((v, i) => v + 0.37 * (i + 1)), probeU = new Float64Array(m).fill(0.61);
  jacobians(a, b, zeroS, zeroU);
  jacobians(a2, b2, probeS, probeU);
  if (scaledMaxError(a, a2) > 1e-14 || scaledMaxError(b, b2) > 1e-14) return null;
  const c = new Float64Array(n);
  ode.rhs(c, zeroS, zeroU);
  const atProbe = new Float64Array(n), predicted = new Float64Array(n);
  ode.rhs(atProbe, probeS, probeU);
  for (let i = 0; i < n; i++) {
    predicted[i] = c[i];
    for (let j = 0; j < n; j++) predicted[i] += a[i * n + j] * probeS[j];
    for (let j = 0; j < m; j++) predicted[i] += b[i * m + j] * probeU[j];
  }
  if (scaledMaxError(atProbe, predicted) > 1e-12) return null;

  const size = n + 1;
  const gen = new Float64Array(size * size);
  let s = Float64Array.from(s0);
  for (let t = 0; t < steps; t++) {
    gen.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) gen[i * size + j] = a[i * n + j] * dt;
      let forcing = c[i];
      for (let j = 0; j < m; j++) forcing += b[i * m + j] * u[t * m + j];
      gen[i * size + n] = forcing * dt;
    }
    const e = expm(gen, size);
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      next[i] = e[i * size + n];
      for (let j = 0; j < n; j++) next[i] += e[i * size + j] * s[j];
    }
    s = next;
  }
  return s;
}

function rk4(f: (out: Float64Array, z: Float64Array, u: Float64Array) => void, z: Float64Array, u: Float64Array, dt: number): Float64Array {
  const len = z.length;
  const k1 = new Float64Array(len), k2 = new Float64Array(len), k3 = new Float64Array(len), k4 = new Float64Array(len);
  const at = (k: Float64Array, c: number): Float64Array => z.map((v, i) => v + c * k[i]);
  f(k1, z, u);
  f(k2, at(k1, dt / 2), u);
  f(k3, at(k2, dt / 2), u);
  f(k4, at(k3, dt), u);
  return z.map((v, i) => v + (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
}

function requireDense(system: PhysicsSystem, fnName: string): NonNullable<PhysicsSystem['stepJacobians']> {
  if (!system.stepJacobians) throw new TypeError(`${fnName}: system '${system.name}' gives products only (no stepJacobians)`);
  return (...args) => system.stepJacobians!(...args);
}

/** a / |a|, or zeros for a zero vector. */
function unit(a: Float64Array): Float64Array {
  const len = norm(a);
  return len > 0 ? a.map((v) => v / len) : new Float64Array(a.length);
}
function distance(a: Float64Array, b: Float64Array): number {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc += (a[i] - b[i]) ** 2;
  return Math.sqrt(acc);
}
