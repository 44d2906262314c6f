import { describe, expect, it } from '@jest/globals';
import {
  asymptoticStep,
  convergenceRatio,
  describeSystemContract,
  energyDrift,
  expm,
  FD_TOLERANCE,
  ORDER_SLACK,
  rhsJacobianError,
  rolloutDerivativeErrors,
  stepJacobianError,
  workMismatch,
} from '../src/testkit.js';
import { midpointOscillator, oscillator, pendulum } from './fixtures.js';

const s = Float64Array.from([0.3, -0.7]);
const u = Float64Array.from([0.4]);
const controls = (steps: number) => Float64Array.from({ length: steps }, (_, t) => Math.sin(t));

// The kit passes on a correct system (registered as real tests)...
describeSystemContract(oscillator(), { steps: 24, dt: 0.5 });
describeSystemContract(midpointOscillator(2), { steps: 24, dt: 0.5 });

// ...and each of its checks fails on a system that breaks the corresponding fact.
describe('the contract test kit', () => {
  it('rejects a right-hand side with a wrong Jacobian', () => {
    expect(rhsJacobianError(oscillator(), s, u)).toBeLessThan(FD_TOLERANCE);
    expect(rhsJacobianError(oscillator({ jacobianSign: -1 }), s, u)).toBeGreaterThan(0.1);
  });

  it('rejects step Jacobians and rollout derivatives built on a wrong Jacobian', () => {
    expect(stepJacobianError(oscillator({ jacobianSign: -1 }), s, u, 0.5)).toBeGreaterThan(0.01);
    const e = rolloutDerivativeErrors(oscillator({ jacobianSign: -1 }), 8, 0.5, s, controls(8), Float64Array.from([1, 0.5]), controls(8));
    expect(e.sensitivities).toBeGreaterThan(0.01);
    expect(e.adjointControls).toBeGreaterThan(0.01);
    expect(e.adjointInitial).toBeGreaterThan(0.01);
  });

  it('measures order 4 for RK4 and rejects an integrator of lower order than it declares', () => {
    const rk4 = Math.log2(convergenceRatio(oscillator(), s, controls(8), 8, 0.125));
    expect(Math.abs(rk4 - 4)).toBeLessThan(ORDER_SLACK);
    const midpoint = Math.log2(convergenceRatio(midpointOscillator(4), s, controls(8), 8, 0.125));
    expect(Math.abs(midpoint - 2)).toBeLessThan(ORDER_SLACK);
    expect(Math.abs(midpoint - midpointOscillator(4).order)).toBeGreaterThan(1);
  });

  it('reads orders at resolved steps, which a stiff system needs and which never rescue a wrong order', () => {
    const order = (sys: ReturnType<typeof oscillator>, h: number) => Math.log2(convergenceRatio(sys, s, controls(8), 8, h));
    expect(asymptoticStep(oscillator(), [[s, u]], 0.0625)).toBe(0.0625);
    // ω = 32: at h = 1/16 a step turns the state by ωh = 2 rad and RK4 is far from its asymptotic
    // regime; the resolved step turns it by 1/4.
    const fast = oscillator({ omega: 32 });
    expect(Math.abs(order(fast, 0.0625) - 4)).toBeGreaterThan(ORDER_SLACK);
    const h = asymptoticStep(fast, [[s, u]], 0.0625);
    expect(h).toBe(0.0625 / 8);
    expect(Math.abs(order(fast, h) - 4)).toBeLessThan(ORDER_SLACK);
    // The rule reads the step's Jacobian, not the measured order: the midpoint rule declaring
    // order 4 misses by about 2 at every step it could pick.
    const midpoint = midpointOscillator(4);
    expect(asymptoticStep(midpoint, [[s, u]], 0.0625)).toBe(0.0625);
    for (let k = 0; k <= 10; k++) expect(Math.abs(order(midpoint, 0.0625 / 2 ** k) - 4)).toBeGreaterThan(1);
  });

  it('sees energy drift shrink like dt^5 for RK4 on a linear oscillator (|R(ih)|² = 1 - h⁶/72 per step)', () => {
    const sys = oscillator();
    const coarse = energyDrift(sys, s, 8, 0.125);
    const fine = energyDrift(sys, s, 16, 0.0625);
    expect(Math.log2(coarse / fine)).toBeCloseTo(5, 1);
    // One step of h loses h⁶/72 of the energy to leading order.
    expect(energyDrift(sys, s, 1, 0.1) / (0.1 ** 6 / 72)).toBeCloseTo(1, 2);
  });

  it('rejects a power that is not the energy rate', () => {
    const good = oscillator();
    const bad = oscillator({ powerScale: 1.1 });
    const ratio = (sys: typeof good) => workMismatch(sys, s, controls(8), 8, 0.125) / workMismatch(sys, s, repeat2(controls(8)), 16, 0.0625);
    expect(Math.log2(ratio(good))).toBeGreaterThan(4 - ORDER_SLACK);
    expect(Math.log2(ratio(bad))).toBeLessThan(1);
  });

  it('computes the matrix exponential of a rotation generator exactly', () => {
    const t = 2.5;
    const e = expm(Float64Array.from([0, t, -t, 0]), 2);
    const expected = [Math.cos(t), Math.sin(t), -Math.sin(t), Math.cos(t)];
    e.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 14));
  });
});

function repeat2(u: Float64Array): Float64Array {
  return Float64Array.from({ length: 2 * u.length }, (_, i) => u[i >> 1]);
}

describeSystemContract(pendulum(), { steps: 24, dt: 0.25 });
