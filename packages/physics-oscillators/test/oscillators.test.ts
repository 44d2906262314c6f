import { describe, expect, it } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import { centralDifferenceJacobian, describeSystemContract, FD_TOLERANCE, scaledMaxError } from '@hig-lab/core/testkit';
import { coupledOscillators } from '../src/index.js';

const params = fc.record({
  n: fc.integer({ min: 1, max: 6 }),
  k: fc.double({ min: 0, max: 1, noNaN: true }),
  alpha: fc.double({ min: 0, max: 2, noNaN: true }),
  controlWeight: fc.double({ min: 0.1, max: 3, noNaN: true }),
});
const vec = (len: number) => fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: len, maxLength: len }).map((a) => Float64Array.from(a));
const withState = params.chain((p) => fc.tuple(fc.constant(p), vec(2 * p.n), vec(1)));

describe('coupledOscillators', () => {
  it('uses the free-end Laplacian: L = [[-1, 1], [1, -1]] for n = 2, [[0]] for n = 1', () => {
    const fs = new Float64Array(16), fu = new Float64Array(4);
    coupledOscillators({ n: 2, k: 0.2 }).ode!.jacobians!(fs, fu, new Float64Array(4), new Float64Array(1));
    // Rows of dv/dt with respect to x: -I + k L.
    expect(Array.from(fs.slice(8, 10))).toEqual([-1 - 0.2, 0.2]);
    expect(Array.from(fs.slice(12, 14))).toEqual([0.2, -1 - 0.2]);
    expect(Array.from(fu)).toEqual([0, 0, 0, 1]);
    const one = new Float64Array(4);
    coupledOscillators({ n: 1, k: 0.2 }).ode!.jacobians!(one, new Float64Array(2), new Float64Array(2), new Float64Array(1));
    expect(Array.from(one)).toEqual([0, 1, -1, 0]);
  });

  test.prop([withState])('derives its forces from its energy: dv/dt = -∂E/∂x at zero control', ([p, s]) => {
    const sys = coupledOscillators(p);
    const n = p.n;
    const f = new Float64Array(2 * n);
    sys.ode!.rhs(f, s, new Float64Array(1));
    const grad = centralDifferenceJacobian((out, x) => void (out[0] = sys.energy!(x)), s, 1);
    const force = f.slice(n).map((v) => -v);
    expect(scaledMaxError(force, grad.slice(0, n))).toBeLessThan(FD_TOLERANCE);
    expect(scaledMaxError(f.slice(0, n), grad.slice(n))).toBeLessThan(FD_TOLERANCE); // dx/dt = ∂E/∂v
  });

  test.prop([withState])('has power equal to dE/dt = ∇E · f(s, u)', ([p, s, u]) => {
    const sys = coupledOscillators(p);
    const f = new Float64Array(2 * p.n);
    sys.ode!.rhs(f, s, u);
    const grad = centralDifferenceJacobian((out, x) => void (out[0] = sys.energy!(x)), s, 1);
    const rate = grad.reduce((acc, g, i) => acc + g * f[i], 0);
    expect(Math.abs(rate - sys.power!(s, u))).toBeLessThan(FD_TOLERANCE * Math.max(1, Math.abs(rate)));
  });

  test.prop([withState])('has a non-negative energy (L is negative semi-definite)', ([p, s]) => {
    expect(coupledOscillators(p).energy!(s)).toBeGreaterThanOrEqual(0);
  });

  it('rejects a bad n', () => {
    expect(() => coupledOscillators({ n: 0 })).toThrow('coupledOscillators: n must be a positive integer, got 0');
  });
});

// n = 5 with a quartic term: a nonlinear state of size 10, whose sensitivities come from VJP sweeps.
for (const p of [{ n: 1 }, { n: 3, k: 0.5 }, { n: 2, alpha: 1, k: 0, controlWeight: 3 }, { n: 5, alpha: 0.5 }]) {
  describeSystemContract(coupledOscillators(p), { steps: 24, dt: 0.25, numRuns: 6 });
}
