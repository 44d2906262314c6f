import { defineLinearSystem, defineOdeSystem, defineStepSystem } from '../src/index.js';
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

/**
 * Two masses on springs under constant gravity, pushed by two controls each step (m = 2): affine
 * with a constant, state-independent forcing c = (0, 0, -g, -g), so the affine path's constant
 * term is exercised. State (x1, x2, v1, v2).
 */
export function forcedPair(g = 0.8): PhysicsSystem {
  return defineOdeSystem({
    name: 'forced-pair',
    stateDim: 4,
    controlDim: 2,
    rhs(out, s, u) {
      out[0] = s[2];
      out[1] = s[3];
      out[2] = -2 * s[0] + s[1] - g + u[0];
      out[3] = s[0] - 2 * s[1] - g + 0.5 * u[0] + u[1];
    },
    jacobians(fs, fu) {
      fs.set([0, 0, 1, 0, 0, 0, 0, 1, -2, 1, 0, 0, 1, -2, 0, 0]);
      fu.set([0, 0, 0, 0, 1, 0, 0.5, 1]);
    },
  });
}

/** A damped particle in 3-D steered by controls that enter nonlinearly: thrust u0² along a direction turned by sin(u1). */
export function nonlinearControls(): PhysicsSystem {
  return defineOdeSystem({
    name: 'nonlinear-controls',
    stateDim: 3,
    controlDim: 2,
    rhs(out, s, u) {
      out[0] = -0.3 * s[0] + u[0] * u[0] * Math.cos(u[1]);
      out[1] = -0.3 * s[1] + u[0] * u[0] * Math.sin(u[1]);
      out[2] = s[0] * s[1] - 0.1 * s[2];
    },
    jacobians(fs, fu, s, u) {
      fs.set([-0.3, 0, 0, 0, -0.3, 0, s[1], s[0], -0.1]);
      const c = Math.cos(u[1]), sn = Math.sin(u[1]);
      fu.set([2 * u[0] * c, -u[0] * u[0] * sn, 2 * u[0] * sn, u[0] * u[0] * c, 0, 0]);
    },
  });
}

/** Periodic discrete Laplacian out = κ(s_{i-1} − 2s_i + s_{i+1}) on a ring of n points (symmetric). */
function ringLaplacian(out: Float64Array, s: Float64Array, n: number, kappa: number, add = false): void {
  for (let i = 0; i < n; i++) {
    const v = kappa * (s[(i + n - 1) % n] - 2 * s[i] + s[(i + 1) % n]);
    out[i] = add ? out[i] + v : v;
  }
}

/**
 * Heat on a ring of n points by explicit Euler, s' = s + dt(κ L s + B u + c), as a linear operator
 * with products only (no matrix anywhere): m point sources at nodes spread around the ring and a
 * constant heating c_i = 0.1·(1 + cos(i)). First order in dt.
 */
export function heatRing(n = 13, m = 3, kappa = 0.4): PhysicsSystem {
  const source = (j: number) => Math.floor((j * n) / m + 1) % n;
  const lap = new Float64Array(n);
  return defineLinearSystem({
    name: `heat-ring-${n}`,
    stateDim: n,
    controlDim: m,
    order: 1,
    apply(out, s, u, dt) {
      ringLaplacian(lap, s, n, kappa);
      for (let i = 0; i < n; i++) out[i] = s[i] + dt * lap[i];
      for (let j = 0; j < m; j++) out[source(j)] += dt * u[j];
    },
    applyTranspose(gs, gu, lambda, dt) {
      ringLaplacian(lap, lambda, n, kappa);
      for (let i = 0; i < n; i++) gs[i] = lambda[i] + dt * lap[i];
      for (let j = 0; j < m; j++) gu[j] = dt * lambda[source(j)];
    },
    constant(out, dt) {
      for (let i = 0; i < n; i++) out[i] = dt * 0.1 * (1 + Math.cos(i));
    },
  });
}

/**
 * Allen–Cahn reaction–diffusion on a ring, ds/dt = κ L s + s − s³ + Σ_j tanh(u_j) e_{node j}, with
 * right-hand-side products only (rhsJvp, rhsVjp): RK4 gives a nonlinear step with products only,
 * and the controls enter nonlinearly.
 */
export function allenCahnRing(n = 11, m = 2, kappa = 0.5): PhysicsSystem {
  const node = (j: number) => (3 * j + 1) % n;
  return defineOdeSystem({
    name: `allen-cahn-ring-${n}`,
    stateDim: n,
    controlDim: m,
    rhs(out, s, u) {
      ringLaplacian(out, s, n, kappa);
      for (let i = 0; i < n; i++) out[i] += s[i] - s[i] ** 3;
      for (let j = 0; j < m; j++) out[node(j)] += Math.tanh(u[j]);
    },
    rhsJvp(out, s, u, ds, du) {
      ringLaplacian(out, ds, n, kappa);
      for (let i = 0; i < n; i++) out[i] += (1 - 3 * s[i] ** 2) * ds[i];
      for (let j = 0; j < m; j++) out[node(j)] += (1 - Math.tanh(u[j]) ** 2) * du[j];
    },
    rhsVjp(gs, gu, s, u, lambda) {
      ringLaplacian(gs, lambda, n, kappa);
      for (let i = 0; i < n; i++) gs[i] += (1 - 3 * s[i] ** 2) * lambda[i];
      for (let j = 0; j < m; j++) gu[j] = (1 - Math.tanh(u[j]) ** 2) * lambda[node(j)];
    },
  });
}

/** The same system with its dense Jacobians taken away: only its products remain. */
export function productsOnly(system: PhysicsSystem): PhysicsSystem {
  return defineStepSystem({ ...system, name: `${system.name}-products`, stepJacobians: undefined, linear: undefined });
}
