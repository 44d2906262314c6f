import { describe, expect, it } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import { Rollout } from '../src/index.js';
import { oscillator, pendulum } from './fixtures.js';

const vec = (len: number) => fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: len, maxLength: len }).map((a) => Float64Array.from(a));

/** Equal up to float64 rounding of a few dozen operations on values of order one. */
function expectClose(a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(b[i])));
}

describe.each([
  ['affine', oscillator()],
  ['nonlinear', pendulum()],
])('Rollout of an %s system', (kind, system) => {
  const steps = 6, dt = 0.3, B = 3;

  it(`detects whether the step is affine (${kind})`, () => {
    expect(new Rollout(system, steps, dt).isAffine).toBe(kind === 'affine');
  });

  test.prop([vec(B * 2), vec(B * steps)])('batches samples independently and matches stepping by hand (to rounding)', (s0, u) => {
    const rollout = new Rollout(system, steps, dt);
    const y = rollout.final(new Float64Array(B * 2), s0, u, B);
    const traj = rollout.trajectory(new Float64Array(B * (steps + 1) * 2), s0, u, B);
    for (let b = 0; b < B; b++) {
      let s = s0.slice(b * 2, b * 2 + 2);
      for (let t = 0; t < steps; t++) {
        const next = new Float64Array(2);
        system.step(next, s, u.slice(b * steps + t, b * steps + t + 1), dt);
        s = next;
        const at = (b * (steps + 1) + t + 1) * 2;
        expectClose(traj.slice(at, at + 2), s);
      }
      expectClose(y.slice(b * 2, b * 2 + 2), s);
    }
  });

  test.prop([vec(B * 2), vec(B * steps), vec(B * 2)])('gives adjoints equal to dy/du transposed times lambda', (s0, u, lambda) => {
    const rollout = new Rollout(system, steps, dt);
    const dydu = new Float64Array(B * 2 * steps);
    rollout.sensitivities(new Float64Array(B * 2), dydu, s0, u, B);
    const gu = new Float64Array(B * steps);
    rollout.adjoint(gu, null, s0, u, lambda, B);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < steps; t++) {
        const expected = lambda[b * 2] * dydu[(b * 2) * steps + t] + lambda[b * 2 + 1] * dydu[(b * 2 + 1) * steps + t];
        expect(gu[b * steps + t]).toBeCloseTo(expected, 12);
      }
    }
  });

  it('names a wrong size', () => {
    const rollout = new Rollout(system, steps, dt);
    expect(() => rollout.final(new Float64Array(2), new Float64Array(2), new Float64Array(2), 1)).toThrow('Rollout.final: u must have length >= 6, got 2');
    expect(() => new Rollout(system, 0, dt)).toThrow('Rollout: steps must be a positive integer, got 0');
  });
});
