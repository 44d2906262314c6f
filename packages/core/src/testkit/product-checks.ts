import { Rollout } from '../rollout.js';
import { stepProducts } from '../step-products.js';
import type { PhysicsSystem } from '../system.js';
import { FD_STEP } from './finite-differences.js';
import { dot, maxAbs, norm } from './vectors.js';

/**
 * Matrix-free checks of a system's derivative products, for fields whose Jacobians are never
 * formed: the dot-product test ⟨J v, w⟩ = ⟨v, Jᵀ w⟩ (exact but for rounding), and each product
 * against a central difference along one direction (h = FD_STEP, error ~1e-10 of the scale).
 * Every error is relative, and comes with the sizes behind it, so that a failure says by how much.
 */
export interface ProductErrors {
  /** |⟨J v, w⟩ − ⟨v, Jᵀ w⟩| / (|J v|·|w| + |v|·|Jᵀ w|). */
  readonly duality: number;
  /** max |J v − FD(v)| / max(1, max |FD(v)|). */
  readonly jvp: number;
  /** |⟨Jᵀ w, v⟩ − ⟨w, FD(v)⟩| / (|Jᵀ w|·|v| + |w|·|FD(v)|). */
  readonly vjp: number;
  /** The numbers behind the errors, for a failure message. */
  readonly detail: string;
}

/**
 * Errors of one step's products at (s, u) along the tangent (ds, du) and the cotangent λ, with and
 * without the `next` hint (the state after the step) that rollouts pass; the worse of the two.
 */
export function stepProductErrors(system: PhysicsSystem, s: Float64Array, u: Float64Array, dt: number, dsIn: Float64Array, duIn: Float64Array, lambdaIn: Float64Array): ProductErrors {
  const [ds, du] = unitPair(dsIn, duIn);
  const lambda = unitPair(lambdaIn)[0];
  const n = system.stateDim;
  const m = system.controlDim;
  const products = stepProducts(system);
  const next = new Float64Array(n);
  system.step(next, Float64Array.from(s), Float64Array.from(u), dt);
  const fd = directionalDifference((out, x, y) => system.step(out, x, y, dt), s, u, ds, du, n);
  const variants = [undefined, next].map((hint) => {
    const jv = new Float64Array(n);
    products.jvp(jv, Float64Array.from(s), Float64Array.from(u), dt, Float64Array.from(ds), Float64Array.from(du), hint);
    const gs = new Float64Array(n), gu = new Float64Array(m);
    products.vjp(gs, gu, Float64Array.from(s), Float64Array.from(u), dt, Float64Array.from(lambda), hint);
    return productErrors(jv, fd, [gs, gu], [ds, du], lambda);
  });
  return worst(variants);
}

function worst(all: readonly ProductErrors[]): ProductErrors {
  const pick = (key: 'duality' | 'jvp' | 'vjp') => all.reduce((a, b) => (b[key] > a[key] || Number.isNaN(b[key]) ? b : a));
  const d = pick('duality'), j = pick('jvp'), v = pick('vjp');
  return { duality: d.duality, jvp: j.jvp, vjp: v.vjp, detail: d.detail };
}

/**
 * Errors of a whole rollout's products (Rollout.jvp and Rollout.adjoint) for one sample at
 * (s0, u) along the tangents (s0Dot, uDot) and the final-state cotangent λ.
 */
export function rolloutProductErrors(system: PhysicsSystem, steps: number, dt: number, s0: Float64Array, u: Float64Array, s0DotIn: Float64Array, uDotIn: Float64Array, lambdaIn: Float64Array): ProductErrors {
  const [s0Dot, uDot] = unitPair(s0DotIn, uDotIn);
  const lambda = unitPair(lambdaIn)[0];
  const n = system.stateDim;
  const rollout = new Rollout(system, steps, dt);
  const jv = rollout.jvp(new Float64Array(n), s0, u, uDot, 1, s0Dot);
  const gu = new Float64Array(rollout.controlCount), gs0 = new Float64Array(n);
  rollout.adjoint(gu, gs0, s0, u, lambda, 1);
  const fd = directionalDifference((out, x, y) => rollout.final(out, x, y, 1), s0, u, s0Dot, uDot, n);
  return productErrors(jv, fd, [gs0, gu], [s0Dot, uDot], lambda);
}

/** Errors of an ODE right-hand side's own products (rhsJvp, rhsVjp) at (s, u). */
export function rhsProductErrors(system: PhysicsSystem, s: Float64Array, u: Float64Array, dsIn: Float64Array, duIn: Float64Array, lambdaIn: Float64Array): ProductErrors {
  const [ds, du] = unitPair(dsIn, duIn);
  const lambda = unitPair(lambdaIn)[0];
  const ode = system.ode;
  if (!ode?.rhsJvp || !ode.rhsVjp) throw new TypeError(`rhsProductErrors: system '${system.name}' has no right-hand-side products`);
  const n = system.stateDim;
  const jv = new Float64Array(n);
  ode.rhsJvp(jv, Float64Array.from(s), Float64Array.from(u), Float64Array.from(ds), Float64Array.from(du));
  const gs = new Float64Array(n), gu = new Float64Array(system.controlDim);
  ode.rhsVjp(gs, gu, Float64Array.from(s), Float64Array.from(u), Float64Array.from(lambda));
  const fd = directionalDifference((out, x, y) => ode.rhs(out, x, y), s, u, ds, du, n);
  return productErrors(jv, fd, [gs, gu], [ds, du], lambda);
}

/**
 * For a step declared exact (order Infinity): the distance between one uncontrolled step of dt
 * and two of dt/2, relative to the state's size. Zero but for rounding for an exact flow.
 */
export function exactStepError(system: PhysicsSystem, s: Float64Array, dt: number): number {
  const n = system.stateDim;
  const zero = new Float64Array(system.controlDim);
  const whole = new Float64Array(n), half = new Float64Array(n), twice = new Float64Array(n);
  system.step(whole, Float64Array.from(s), zero, dt);
  system.step(half, Float64Array.from(s), zero, dt / 2);
  system.step(twice, half, zero, dt / 2);
  let err = 0, scale = 1;
  for (let i = 0; i < n; i++) {
    err = Math.max(err, Math.abs(whole[i] - twice[i]));
    scale = Math.max(scale, Math.abs(s[i]), Math.abs(whole[i]));
  }
  return err / scale;
}

/**
 * An estimate of ‖∂step/∂s − I‖₂ at (s, u) from products only: a few power iterations on
 * (J − I)ᵀ(J − I). It bounds |μ − 1| for every eigenvalue μ of the step's Jacobian from below
 * (power iteration approaches the norm from below), which is what choosing a resolved step needs.
 */
export function stepDeviationByProducts(system: PhysicsSystem, s: Float64Array, u: Float64Array, dt: number): number {
  const n = system.stateDim;
  const m = system.controlDim;
  const products = stepProducts(system);
  let v = Float64Array.from({ length: n }, (_, i) => Math.sin(2.3 * i + 0.7) + 0.1);
  const jv = new Float64Array(n), gs = new Float64Array(n), gu = new Float64Array(m), zero = new Float64Array(m);
  let estimate = 0;
  for (let k = 0; k < 8; k++) {
    const len = norm(v);
    if (len === 0) return 0;
    v = v.map((x) => x / len);
    products.jvp(jv, Float64Array.from(s), Float64Array.from(u), dt, v, zero);
    for (let i = 0; i < n; i++) jv[i] -= v[i];
    estimate = norm(jv);
    products.vjp(gs, gu, Float64Array.from(s), Float64Array.from(u), dt, jv);
    v = gs.map((x, i) => x - jv[i]);
  }
  return estimate;
}

/** (f(x + h·dx, y + h·dy) − f(x − h·dx, y − h·dy)) / 2h, with h = FD_STEP·max(1, |x|∞, |y|∞). */
function directionalDifference(f: (out: Float64Array, x: Float64Array, y: Float64Array) => void, x: Float64Array, y: Float64Array, dx: Float64Array, dy: Float64Array, rows: number): Float64Array {
  const h = FD_STEP * Math.max(1, maxAbs(x), maxAbs(y));
  const plus = new Float64Array(rows), minus = new Float64Array(rows);
  f(plus, x.map((v, i) => v + h * dx[i]), y.map((v, i) => v + h * dy[i]));
  f(minus, x.map((v, i) => v - h * dx[i]), y.map((v, i) => v - h * dy[i]));
  return plus.map((p, i) => (p - minus[i]) / (2 * h));
}

function productErrors(jv: Float64Array, fd: Float64Array, transposed: readonly Float64Array[], tangent: readonly Float64Array[], lambda: Float64Array): ProductErrors {
  const jvw = dot(jv, lambda);
  const vjtw = transposed.reduce((acc, g, i) => acc + dot(g, tangent[i]), 0);
  const fdw = dot(fd, lambda);
  const tangentNorm = Math.hypot(...tangent.map(norm));
  const transposedNorm = Math.hypot(...transposed.map(norm));
  const dualityScale = norm(jv) * norm(lambda) + tangentNorm * transposedNorm;
  const vjpScale = transposedNorm * tangentNorm + norm(lambda) * norm(fd);
  let jvpErr = 0;
  let fdScale = 1;
  for (let i = 0; i < fd.length; i++) {
    jvpErr = Math.max(jvpErr, Math.abs(jv[i] - fd[i]));
    fdScale = Math.max(fdScale, Math.abs(fd[i]));
  }
  return {
    duality: dualityScale > 0 ? Math.abs(jvw - vjtw) / dualityScale : 0,
    jvp: jvpErr / fdScale,
    vjp: vjpScale > 0 ? Math.abs(vjtw - fdw) / vjpScale : 0,
    detail: `⟨J v, w⟩ = ${jvw.toPrecision(17)}, ⟨v, Jᵀ w⟩ = ${vjtw.toPrecision(17)}, ⟨FD(v), w⟩ = ${fdw.toPrecision(17)}, |J v − FD(v)|∞ = ${jvpErr.toPrecision(3)}, |J v| = ${norm(jv).toPrecision(6)}, |Jᵀ w| = ${transposedNorm.toPrecision(6)}, |v| = ${tangentNorm.toPrecision(6)}, |w| = ${norm(lambda).toPrecision(6)}`,
  };
}

/**
 * The vectors scaled together to unit joint length (zeros stay zeros). The products are linear
 * in them, so nothing is lost, and finite differences along a direction of 1e-160 (which random
 * draws produce) would otherwise be lost in subnormal rounding.
 */
function unitPair(...parts: Float64Array[]): Float64Array[] {
  const max = Math.max(0, ...parts.map(maxAbs));
  if (max === 0) return parts.map((p) => Float64Array.from(p));
  // Scale by the largest entry first, so that squaring cannot underflow.
  const scaled = parts.map((p) => p.map((v) => v / max));
  const len = Math.hypot(...scaled.map(norm));
  return scaled.map((p) => p.map((v) => v / len));
}
