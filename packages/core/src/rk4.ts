import { matmul } from './small-matrix.js';
import type { OdeRightHandSide, OdeSystemDefinition, PhysicsSystem } from './system.js';
import { defaultStateNames } from './system.js';
import { validateSystem } from './validate.js';

/**
 * Classic fourth-order Runge–Kutta with the control held over the step, and its exact
 * discrete Jacobians (the derivative of the scheme, not of the flow), so that gradients of a
 * rollout are exact for the simulation that is actually run.
 */
export interface Rk4Stepper {
  step(out: Float64Array, s: Float64Array, u: Float64Array, dt: number): void;
  stepJacobians(out: Float64Array, js: Float64Array, ju: Float64Array, s: Float64Array, u: Float64Array, dt: number): void;
  /** gs = jsᵀλ, gu = juᵀλ; RK4 needs its stages, so it does not use a `next` hint. */
  stepVjp(gs: Float64Array, gu: Float64Array, s: Float64Array, u: Float64Array, dt: number, lambda: Float64Array): void;
}

export function createRk4Stepper(ode: OdeRightHandSide, n: number, m: number): Rk4Stepper {
  const k = [0, 1, 2, 3].map(() => new Float64Array(n));
  const stage = new Float64Array(n);
  const a = [0, 1, 2, 3].map(() => new Float64Array(n * n)); // ∂f/∂s at each stage
  const b = [0, 1, 2, 3].map(() => new Float64Array(n * m)); // ∂f/∂u at each stage
  const ks = [0, 1, 2, 3].map(() => new Float64Array(n * n)); // ∂k_i/∂s
  const ku = [0, 1, 2, 3].map(() => new Float64Array(n * m)); // ∂k_i/∂u
  const tmpS = new Float64Array(n * n);
  const tmpU = new Float64Array(n * m);
  const kappa = new Float64Array(n); // cotangent of a stage's k
  const sigma = new Float64Array(n); // cotangent of a stage's input state
  const weights = [1, 2, 2, 1];
  const offsets = [0, 0.5, 0.5, 1]; // stage i evaluates at s + offsets[i] * dt * k_{i-1}

  function stages(s: Float64Array, u: Float64Array, dt: number, withJacobians: boolean): void {
    for (let i = 0; i < 4; i++) {
      const c = offsets[i] * dt;
      if (i === 0) stage.set(s);
      else for (let j = 0; j < n; j++) stage[j] = s[j] + c * k[i - 1][j];
      ode.rhs(k[i], stage, u);
      if (withJacobians) ode.jacobians(a[i], b[i], stage, u);
    }
  }

  function combine(out: Float64Array, s: Float64Array, dt: number): void {
    for (let j = 0; j < n; j++) out[j] = s[j] + (dt / 6) * (k[0][j] + 2 * k[1][j] + 2 * k[2][j] + k[3][j]);
  }

  return {
    step(out, s, u, dt) {
      stages(s, u, dt, false);
      combine(out, s, dt);
    },
    // Reverse mode through the four stages: with κ_i the cotangent of k_i and σ_i = A_iᵀ κ_i,
    // κ_4 = dt/6 λ, κ_i = dt/6 w_i λ + c_{i+1} σ_{i+1}; ∂/∂s = λ + Σ σ_i, ∂/∂u = Σ B_iᵀ κ_i.
    // O(n²) per stage instead of the O(n³) of the dense Jacobians.
    stepVjp(gs, gu, s, u, dt, lambda) {
      stages(s, u, dt, true);
      for (let j = 0; j < n; j++) gs[j] = lambda[j];
      for (let j = 0; j < m; j++) gu[j] = 0;
      for (let i = 3; i >= 0; i--) {
        const next = i < 3 ? offsets[i + 1] * dt : 0;
        for (let j = 0; j < n; j++) kappa[j] = (dt / 6) * weights[i] * lambda[j] + next * sigma[j];
        for (let j = 0; j < n; j++) sigma[j] = 0;
        for (let r = 0; r < n; r++) {
          const kr = kappa[r];
          if (kr === 0) continue;
          const row = r * n;
          for (let j = 0; j < n; j++) sigma[j] += a[i][row + j] * kr;
          for (let j = 0; j < m; j++) gu[j] += b[i][r * m + j] * kr;
        }
        for (let j = 0; j < n; j++) gs[j] += sigma[j];
      }
    },
    stepJacobians(out, js, ju, s, u, dt) {
      stages(s, u, dt, true);
      combine(out, s, dt);
      // ∂k_i/∂s = A_i (I + c_i ∂k_{i-1}/∂s),  ∂k_i/∂u = A_i c_i ∂k_{i-1}/∂u + B_i
      ks[0].set(a[0]);
      ku[0].set(b[0]);
      for (let i = 1; i < 4; i++) {
        const c = offsets[i] * dt;
        for (let j = 0; j < n * n; j++) tmpS[j] = c * ks[i - 1][j];
        for (let j = 0; j < n; j++) tmpS[j * n + j] += 1;
        matmul(ks[i], a[i], tmpS, n, n, n);
        for (let j = 0; j < n * m; j++) tmpU[j] = c * ku[i - 1][j];
        matmul(ku[i], a[i], tmpU, n, n, m);
        for (let j = 0; j < n * m; j++) ku[i][j] += b[i][j];
      }
      for (let j = 0; j < n * n; j++) {
        let acc = 0;
        for (let i = 0; i < 4; i++) acc += weights[i] * ks[i][j];
        js[j] = (dt / 6) * acc;
      }
      for (let j = 0; j < n; j++) js[j * n + j] += 1;
      for (let j = 0; j < n * m; j++) {
        let acc = 0;
        for (let i = 0; i < 4; i++) acc += weights[i] * ku[i][j];
        ju[j] = (dt / 6) * acc;
      }
    },
  };
}

/** Makes a physics system from an ODE: RK4 steps with exact discrete Jacobians. Validates it. */
export function defineOdeSystem(def: OdeSystemDefinition): PhysicsSystem {
  const stepper = createRk4Stepper(def, def.stateDim, def.controlDim);
  const system: PhysicsSystem = {
    name: def.name,
    stateDim: def.stateDim,
    controlDim: def.controlDim,
    params: def.params ?? {},
    stateNames: def.stateNames ?? defaultStateNames(def.stateDim),
    order: 4,
    step: stepper.step,
    stepJacobians: stepper.stepJacobians,
    stepVjp: stepper.stepVjp,
    energy: def.energy,
    power: def.power,
    ode: { rhs: def.rhs, jacobians: def.jacobians },
  };
  return validateSystem(system);
}
