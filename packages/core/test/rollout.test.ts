import { describe, expect, it } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import { Rollout } from '../src/index.js';
import { oscillator } from './fixtures.js';

const vec = (len: number) => fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: len, maxLength: len }).map((a) => Float64Array.from(a));

describe('Rollout', () => {
  const system = oscillator();
  const steps = 6, dt = 0.3, B = 3;

  test.prop([vec(B * 2), vec(B * steps)])('batches samples independently and matches stepping by hand', (s0, u) => {
    const rollout = new Rollout(system, steps, dt);
    const y = rollout.final(new Float64Array(B * 2), s0, u, B);
    const traj = rollout.trajectory(new Float64Array(B * (steps + 1) * 2), s0, u, B);
    for (let b = 0; b < B; b++) {
      let s = s0.slice(b * 2, b * 2 + 2);
      for (let t = 0; t < steps; t++) {
        const next = new Float64Array(2);
        system.step(next, s, u.slice(b * steps + t, b * steps + t + 1), dt);
        s = next;
        expect(Array.from(traj.slice((b * (steps + 1) + t + 1) * 2, (b * (steps + 1) + t + 2) * 2))).toEqual(Array.from(s));
      }
      expect(Array.from(y.slice(b * 2, b * 2 + 2))).toEqual(Array.from(s));
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
