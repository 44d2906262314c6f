import { defineOdeSystem, defineStepSystem } from '../src/index.js';
import type { PhysicsSystem } from '../src/index.js';

/** A controlled oscillator x' = ωv, v' = -ωx + u (ω = 1 unless given): E = (x² + v²)/2, dE/dt = v u. */
export function oscillator(overrides: { jacobianSign?: number; powerScale?: number; omega?: number } = {}): PhysicsSystem {
  const sign = overrides.jacobianSign ?? 1;
  const powerScale = overrides.powerScale ?? 1;
  const w = overrides.omega ?? 1;
  return defineOdeSystem({
    name: 'test-oscillator',
    stateDim: 2,
    controlDim: 1,
    rhs(out, s, u) {
      out[0] = w * s[1];
      out[1] = -w * s[0] + u[0];
    },
    jacobians(fs, fu) {
      fs.set([0, w, -sign * w, 0]);
      fu.set([0, 1]);
    },
    energy: (s) => 0.5 * (s[0] ** 2 + s[1] ** 2),
    power: (s, u) => powerScale * s[1] * u[0],
  });
}

/** The same oscillator stepped by the explicit midpoint rule (order 2) but declaring `order`. */
export function midpointOscillator(order: number): PhysicsSystem {
  const f = (s0: number, s1: number, u: number): [number, number] => [s1, -s0 + u];
  return defineStepSystem({
    name: 'midpoint-oscillator',
    stateDim: 2,
    controlDim: 1,
    order,
    step(out, s, u, dt) {
      const [a0, a1] = f(s[0], s[1], u[0]);
      const [b0, b1] = f(s[0] + 0.5 * dt * a0, s[1] + 0.5 * dt * a1, u[0]);
      out[0] = s[0] + dt * b0;
      out[1] = s[1] + dt * b1;
    },
    stepJacobians(out, js, ju, s, u, dt) {
      this.step(out, s, u, dt);
      const h = dt, h2 = 0.5 * dt * dt;
      js.set([1 - h2, h, -h, 1 - h2]);
      ju.set([h2, h]);
    },
  });
}

/** A controlled pendulum x' = v, v' = -sin x + u: nonlinear, so rollouts take the generic path. */
export function pendulum(): PhysicsSystem {
  return defineOdeSystem({
    name: 'test-pendulum',
    stateDim: 2,
    controlDim: 1,
    rhs(out, s, u) {
      out[0] = s[1];
      out[1] = -Math.sin(s[0]) + u[0];
    },
    jacobians(fs, fu, s) {
      fs.set([0, 1, -Math.cos(s[0]), 0]);
      fu.set([0, 1]);
    },
    energy: (s) => 1 - Math.cos(s[0]) + 0.5 * s[1] ** 2,
    power: (s, u) => s[1] * u[0],
  });
}
