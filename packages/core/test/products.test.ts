import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { defineLinearSystem, defineStepSystem, Rollout, squaredErrorOn } from '../src/index.js';
import type { PhysicsSystem } from '../src/index.js';
import { centralDifferenceJacobian, describeSystemContract, DUALITY_TOLERANCE, EXACT_TOLERANCE, exactStepError, FD_TOLERANCE, rolloutProductErrors, scaledMaxError, stepProductErrors } from '../src/testkit.js';
import { allenCahnRing, forcedPair, heatRing, nonlinearControls, pendulum, productsOnly } from './fixtures.js';

// Fixtures beyond the built-ins: several controls per step, constant forcing, controls that
// enter nonlinearly, fields with products only (declared linear, or a nonlinear RK4 of
// right-hand-side products), sizes that are not multiples of a block width.
describeSystemContract(forcedPair(), { steps: 12, dt: 0.2 });
describeSystemContract(nonlinearControls(), { steps: 12, dt: 0.2 });
describeSystemContract(heatRing(), { steps: 10, dt: 0.5 });
describeSystemContract(allenCahnRing(), { steps: 10, dt: 0.1 });
describeSystemContract(productsOnly(nonlinearControls()), { steps: 8, dt: 0.2 });

const vec = (len: number, scale = 1) => fc.array(fc.double({ min: -scale, max: scale, noNaN: true }), { minLength: len, maxLength: len }).map((a) => Float64Array.from(a));
/** Equal to float64 rounding of sums over the horizon: 1e-12 of the values' scale. */
function expectSame(a: Float64Array, b: Float64Array): void {
  expect(scaledMaxError(a, b)).toBeLessThan(1e-12);
}

describe.each([
  ['constant forcing, 2 controls (affine)', forcedPair(), 7, 0.25],
  ['nonlinear controls', nonlinearControls(), 6, 0.2],
  ['pendulum', pendulum(), 9, 0.3],
])('a Rollout by products of a system with dense Jacobians: %s', (_label, system, steps, dt) => {
  const B = 3;
  const n = system.stateDim;
  const cols = steps * system.controlDim;
  const dense = new Rollout(system, steps, dt);
  const products = new Rollout(productsOnly(system), steps, dt);

  it('is affine exactly when the dense one is, detected from products alone', () => {
    expect(products.hasDenseJacobians).toBe(false);
    expect(products.isAffine).toBe(dense.isAffine);
  });

  test.prop([vec(B * n), vec(B * cols, 0.5), vec(B * cols), vec(B * n), vec(B * n)], { numRuns: 8 })(
    'gives the final states, adjoints and Jacobian-vector products of the dense path (to rounding)',
    (s0, u, uDot, s0Dot, lambda) => {
      expectSame(products.final(new Float64Array(B * n), s0, u, B), dense.final(new Float64Array(B * n), s0, u, B));
      const gu = [new Float64Array(B * cols), new Float64Array(B * cols)];
      const gs = [new Float64Array(B * n), new Float64Array(B * n)];
      products.adjoint(gu[0], gs[0], s0, u, lambda, B);
      dense.adjoint(gu[1], gs[1], s0, u, lambda, B);
      expectSame(gu[0], gu[1]);
      expectSame(gs[0], gs[1]);
      // Dense: the forward tangent from the formed dy/du; products: one JVP per step.
      const y = new Float64Array(B * n), dydu = new Float64Array(B * n * cols);
      dense.sensitivities(y, dydu, s0, u, B);
      const expected = dense.jvp(new Float64Array(B * n), s0, u, uDot, B, s0Dot);
      expectSame(products.jvp(new Float64Array(B * n), s0, u, uDot, B, s0Dot), expected);
      const fromDydu = new Float64Array(B * n);
      for (let b = 0; b < B; b++) for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) fromDydu[b * n + i] += dydu[(b * n + i) * cols + j] * uDot[b * cols + j];
      expectSame(dense.jvp(new Float64Array(B * n), s0, u, uDot, B), fromDydu);
    },
  );

  test.prop([vec(B * n), vec(B * cols, 0.5)], { numRuns: 6 })('gives selected, weighted rows of dy/du by adjoint sweeps, equal to the dense rows', (s0, u) => {
    const components = [n - 1, 0];
    const weights = [2, 0.5];
    const y = new Float64Array(B * n), rows = new Float64Array(B * 2 * cols);
    products.sensitivityRows(y, rows, s0, u, B, components, weights);
    const yDense = new Float64Array(B * n), dydu = new Float64Array(B * n * cols);
    dense.sensitivities(yDense, dydu, s0, u, B);
    expectSame(y, yDense);
    const expected = new Float64Array(B * 2 * cols);
    for (let b = 0; b < B; b++) {
      components.forEach((c, r) => {
        for (let j = 0; j < cols; j++) expected[(b * 2 + r) * cols + j] = weights[r] * dydu[(b * n + c) * cols + j];
      });
    }
    expectSame(rows, expected);
  });
});

describe('a Rollout of a system with products only', () => {
  it('refuses to form dy/du, naming the system and what to use instead', () => {
    const rollout = new Rollout(heatRing(), 4, 0.5);
    const run = () => rollout.sensitivities(new Float64Array(13), new Float64Array(13 * 12), new Float64Array(13), new Float64Array(12), 1);
    expect(run).toThrow(TypeError);
    expect(run).toThrow("Rollout.sensitivities: system 'heat-ring-13' gives derivative products only (no stepJacobians), so dy/du is not formed; use jvp, adjoint or sensitivityRows");
  });

  it('knows a declared linear operator, or a linear one found from its products, as affine, and a nonlinear one as not', () => {
    expect(new Rollout(heatRing(), 4, 0.5).isAffine).toBe(true);
    expect(new Rollout(productsOnly(heatRing()), 4, 0.5).isAffine).toBe(true);
    expect(new Rollout(allenCahnRing(), 4, 0.1).isAffine).toBe(false);
  });

  it('rolls out a field of 30 000 points, whose n×n matrix (7.2 GB) could not be allocated', () => {
    const n = 30_000, m = 4, steps = 3;
    const rollout = new Rollout(heatRing(n, m, 0.2), steps, 0.5);
    const s0 = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * i) / n));
    const u = Float64Array.from({ length: steps * m }, (_, k) => 0.1 * k);
    const y = rollout.final(new Float64Array(n), s0, u, 1);
    const lambda = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
    const gu = new Float64Array(steps * m), gs0 = new Float64Array(n);
    rollout.adjoint(gu, gs0, s0, u, lambda, 1);
    const uDot = Float64Array.from({ length: steps * m }, (_, k) => Math.cos(3 * k));
    const jv = rollout.jvp(new Float64Array(n), s0, u, uDot, 1);
    // ⟨J uDot, λ⟩ = ⟨uDot, Jᵀλ⟩ to rounding, on sums of 30 000 terms.
    let lhs = 0, rhs = 0;
    for (let i = 0; i < n; i++) lhs += jv[i] * lambda[i];
    for (let k = 0; k < steps * m; k++) rhs += uDot[k] * gu[k];
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-10 * Math.max(1, Math.abs(lhs)));
    expect(y.every(Number.isFinite)).toBe(true);
  });

  test.prop([vec(2 * 11), vec(2 * 6 * 2, 0.5), vec(2 * 6 * 2), vec(2 * 11)], { numRuns: 6 })(
    'takes repeated products at a linearisation point equal to fresh ones (nonlinear and affine)',
    (s0, u, uDot, lambda) => {
      for (const [system, dt] of [[allenCahnRing(), 0.1], [productsOnly(heatRing(11, 2)), 0.5]] as const) {
        const rollout = new Rollout(system, 6, dt);
        const B = 2;
        const fresh = rollout.jvp(new Float64Array(B * 11), s0, u, uDot, B);
        const freshGu = new Float64Array(B * 12);
        rollout.adjoint(freshGu, null, s0, u, lambda, B);
        rollout.linearize(s0, u, B);
        rollout.final(new Float64Array(B * 11), lambda, uDot, B); // other work in between must not disturb it
        expect(Array.from(rollout.linearJvp(new Float64Array(B * 11), uDot))).toEqual(Array.from(fresh));
        expect(Array.from(rollout.linearVjp(new Float64Array(B * 12), lambda))).toEqual(Array.from(freshGu));
      }
    },
  );

  it('names a missing linearisation point', () => {
    expect(() => new Rollout(heatRing(), 2, 0.5).linearJvp(new Float64Array(13), new Float64Array(6))).toThrow('Rollout.linearJvp: no linearisation point; call Rollout.linearize first');
  });

  it('gives rows of dy/du of a nonlinear product-only system equal to central differences', () => {
    const system = allenCahnRing(9, 2);
    const steps = 5;
    const rollout = new Rollout(system, steps, 0.1);
    const s0 = Float64Array.from({ length: 9 }, (_, i) => 0.4 * Math.sin(i));
    const u = Float64Array.from({ length: steps * 2 }, (_, k) => 0.3 * Math.cos(k));
    const rows = new Float64Array(3 * steps * 2);
    rollout.sensitivityRows(new Float64Array(9), rows, s0, u, 1, [4, 0, 8]);
    const fd = centralDifferenceJacobian((out, x) => rollout.final(out, s0, x, 1), u, 9);
    const cols = steps * 2;
    const expected = Float64Array.from({ length: 3 * cols }, (_, k) => fd[[4, 0, 8][Math.floor(k / cols)] * cols + (k % cols)]);
    expect(scaledMaxError(rows, expected)).toBeLessThan(FD_TOLERANCE);
  });
});

describe('the contract kit on products', () => {
  const s = Float64Array.from({ length: 13 }, (_, i) => Math.sin(i));
  const u = Float64Array.from([0.2, -0.4, 0.9]);
  const ds = Float64Array.from({ length: 13 }, (_, i) => Math.cos(2 * i));
  const du = Float64Array.from([1, 0.5, -0.3]);
  const w = Float64Array.from({ length: 13 }, (_, i) => 1 / (1 + i));

  it('passes correct products', () => {
    const e = stepProductErrors(heatRing(), s, u, 0.5, ds, du, w);
    expect(e.duality).toBeLessThan(DUALITY_TOLERANCE);
    expect(e.jvp).toBeLessThan(FD_TOLERANCE);
    expect(e.vjp).toBeLessThan(FD_TOLERANCE);
  });

  it('sees a transpose that is not the transpose (a sign slip in one entry) in the dot-product test and against differences', () => {
    const good = heatRing();
    const broken: PhysicsSystem = defineStepSystem({
      ...good,
      name: 'broken-transpose',
      linear: undefined,
      stepVjp(gs, gu, s0, u0, dt, lambda) {
        good.stepVjp!(gs, gu, s0, u0, dt, lambda);
        gu[1] = -gu[1];
      },
    });
    const e = stepProductErrors(broken, s, u, 0.5, ds, du, w);
    expect(e.duality).toBeGreaterThan(1e-3);
    expect(e.vjp).toBeGreaterThan(1e-3);
    expect(e.jvp).toBeLessThan(FD_TOLERANCE); // the forward product is still right
    // Over a whole rollout, too.
    expect(rolloutProductErrors(broken, 4, 0.5, s, Float64Array.from({ length: 12 }, (_, k) => Math.sin(k)), ds, Float64Array.from({ length: 12 }, () => 1), w).duality).toBeGreaterThan(1e-3);
  });

  it('sees a forward product that misses the controls against differences', () => {
    const good = allenCahnRing(13, 3);
    const broken: PhysicsSystem = defineStepSystem({ ...good, name: 'jvp-without-controls', stepJvp: (out, s0, u0, dt, ds0) => good.stepJvp!(out, s0, u0, dt, ds0, new Float64Array(3)) });
    const e = stepProductErrors(broken, s, u, 0.1, ds, du, w);
    expect(e.jvp).toBeGreaterThan(1e-3);
    expect(e.duality).toBeGreaterThan(1e-3);
    expect(e.detail).toMatch(/^⟨J v, w⟩ = .*, ⟨v, Jᵀ w⟩ = .*\|v\| = 1\.00000, \|w\| = 1\.00000$/);
  });
});

describe('the exact-step check (order Infinity)', () => {
  /** The exact flow of x' = v, v' = -x + u: a rotation of (x, v − u) by dt about (u, 0). */
  const exactRotation = defineLinearSystem({
    name: 'exact-rotation',
    stateDim: 2,
    controlDim: 1,
    apply(out, s0, u0, dt) {
      const c = Math.cos(dt), sn = Math.sin(dt);
      out[0] = c * s0[0] + sn * s0[1] + (1 - c) * u0[0];
      out[1] = -sn * s0[0] + c * s0[1] + sn * u0[0];
    },
    applyTranspose(gs, gu, l, dt) {
      const c = Math.cos(dt), sn = Math.sin(dt);
      gs[0] = c * l[0] - sn * l[1];
      gs[1] = sn * l[0] + c * l[1];
      gu[0] = (1 - c) * l[0] + sn * l[1];
    },
  });
  describeSystemContract(exactRotation, { steps: 6, dt: 0.7 });

  it('passes an exact flow to rounding and fails an integrator that only claims it', () => {
    const s0 = Float64Array.from([0.3, -0.8]);
    expect(exactStepError(exactRotation, s0, 0.7)).toBeLessThan(EXACT_TOLERANCE);
    const claimsExact = defineStepSystem({ ...heatRing(), name: 'euler-claims-exact', order: Infinity });
    expect(exactStepError(claimsExact, Float64Array.from({ length: 13 }, (_, i) => Math.sin(i)), 0.5)).toBeGreaterThan(1e-3);
  });
});

describe('a squared error on part of the state', () => {
  test.prop([vec(5), vec(2)])('has a gradient equal to central differences and zero off its components', (y, target) => {
    const loss = squaredErrorOn(5, [3, 1], [2, 0.5]);
    const grad = new Float64Array(5).fill(7);
    loss.gradient(grad, y, target);
    const fd = centralDifferenceJacobian((out, x) => void (out[0] = loss.value(x, target)), y, 1);
    expect(scaledMaxError(grad, fd)).toBeLessThan(FD_TOLERANCE);
    expect([grad[0], grad[2], grad[4]]).toEqual([0, 0, 0]);
    expect(loss.value(y, target)).toBeCloseTo(2 * (y[3] - target[0]) ** 2 + 0.5 * (y[1] - target[1]) ** 2, 12);
  });

  it('names a component outside the state and a weight that is not positive', () => {
    expect(() => squaredErrorOn(4, [4])).toThrow('squaredErrorOn: components must be integers in [0, 4), got 4');
    expect(() => squaredErrorOn(4, [0, 1], [1, 0])).toThrow('squaredErrorOn: weights must be positive and finite, got 0');
  });
});
