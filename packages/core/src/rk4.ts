import { matmulKernel } from './small-matrix.js';
import type { OdeRightHandSide, OdeSystemDefinition, PhysicsSystem } from './system.js';
import { defaultStateNames } from './system.js';
import { validateSystem } from './validate.js';
import { ContractError } from './errors.js';

/**
 * Classic fourth-order Runge–Kutta with the control held over the step, and its exact
 * discrete derivatives (the derivative of the scheme, not of the flow), so that gradients of a
 * rollout are exact for the simulation that is actually run.
 */
export interface Rk4Stepper {
  step(out: Float64Array, s: Float64Array, u: Float64Array, dt: number): void;
  /** Present when the right-hand side gives dense Jacobians. */
  stepJacobians?(out: Float64Array, js: Float64Array, ju: Float64Array, s: Float64Array, u: Float64Array, dt: number): void;
  /** out = js·ds + ju·du, forward through the four stages. */
  stepJvp(out: Float64Array, s: Float64Array, u: Float64Array, dt: number, ds: Float64Array, du: Float64Array): void;
  /** gs = jsᵀλ, gu = juᵀλ; RK4 needs its stages, so it does not use a `next` hint. */
  stepVjp(gs: Float64Array, gu: Float64Array, s: Float64Array, u: Float64Array, dt: number, lambda: Float64Array): void;
}

const WEIGHTS = [1, 2, 2, 1];
/** Stage i evaluates f at s + OFFSETS[i]·dt·k_{i-1}. */
const OFFSETS = [0, 0.5, 0.5, 1];

/** The right-hand side's products, from its own or from its dense Jacobians (scratch allocated here). */
function rhsProducts(ode: OdeRightHandSide, n: number, m: number) {
  const fs = new Float64Array(n * n);
  const fu = new Float64Array(n * m);
  // Called as methods: a definition written as an object literal may use `this`.
  const jacobians = (a: Float64Array, b: Float64Array, s: Float64Array, u: Float64Array) => ode.jacobians!(a, b, s, u);
  const jvp = ode.rhsJvp
    ? (out: Float64Array, s: Float64Array, u: Float64Array, ds: Float64Array, du: Float64Array) => ode.rhsJvp!(out, s, u, ds, du)
    : ((out: Float64Array, s: Float64Array, u: Float64Array, ds: Float64Array, du: Float64Array) => {
      jacobians(fs, fu, s, u);
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let j = 0; j < n; j++) acc += fs[i * n + j] * ds[j];
        for (let j = 0; j < m; j++) acc += fu[i * m + j] * du[j];
        out[i] = acc;
      }
    });
  const vjp = ode.rhsVjp
    ? (gs: Float64Array, gu: Float64Array, s: Float64Array, u: Float64Array, lambda: Float64Array) => ode.rhsVjp!(gs, gu, s, u, lambda)
    : ((gs: Float64Array, gu: Float64Array, s: Float64Array, u: Float64Array, lambda: Float64Array) => {
      jacobians(fs, fu, s, u);
      gs.fill(0);
      gu.fill(0);
      for (let r = 0; r < n; r++) {
        const l = lambda[r];
        if (l === 0) continue;
        for (let j = 0; j < n; j++) gs[j] += fs[r * n + j] * l;
        for (let j = 0; j < m; j++) gu[j] += fu[r * m + j] * l;
      }
    });
  return { jvp, vjp };
}

export function createRk4Stepper(ode: OdeRightHandSide, n: number, m: number): Rk4Stepper {
  const k = [0, 1, 2, 3].map(() => new Float64Array(n));
  const stageStates = [0, 1, 2, 3].map(() => new Float64Array(n)); // the state each stage evaluates f at
  const products = rhsProducts(ode, n, m);
  const kappa = new Float64Array(n); // cotangent of a stage's k
  const sigma = new Float64Array(n); // cotangent of a stage's input state
  const guStage = new Float64Array(m);
  const kDot = [0, 1, 2, 3].map(() => new Float64Array(n)); // tangents of the k_i
  const stageDot = new Float64Array(n);

  function stages(s: Float64Array, u: Float64Array, dt: number): void {
    for (let i = 0; i < 4; i++) {
      const c = OFFSETS[i] * dt;
      const stage = stageStates[i];
      if (i === 0) stage.set(s);
      else for (let j = 0; j < n; j++) stage[j] = s[j] + c * k[i - 1][j];
      ode.rhs(k[i], stage, u);
    }
  }

  function combine(out: Float64Array, s: Float64Array, dt: number): void {
    for (let j = 0; j < n; j++) out[j] = s[j] + (dt / 6) * (k[0][j] + 2 * k[1][j] + 2 * k[2][j] + k[3][j]);
  }

  const stepper: Rk4Stepper = {
    step(out, s, u, dt) {
      stages(s, u, dt);
      combine(out, s, dt);
    },
    // Forward mode through the stages: k̇_i = f'(stage_i)·(ṡ + c_i k̇_{i-1}, u̇), out = ṡ + dt/6 Σ w_i k̇_i.
    stepJvp(out, s, u, dt, ds, du) {
      stages(s, u, dt);
      for (let i = 0; i < 4; i++) {
        const c = OFFSETS[i] * dt;
        if (i === 0) stageDot.set(ds);
        else for (let j = 0; j < n; j++) stageDot[j] = ds[j] + c * kDot[i - 1][j];
        products.jvp(kDot[i], stageStates[i], u, stageDot, du);
      }
      for (let j = 0; j < n; j++) out[j] = ds[j] + (dt / 6) * (kDot[0][j] + 2 * kDot[1][j] + 2 * kDot[2][j] + kDot[3][j]);
    },
    // Reverse mode through the four stages: with κ_i the cotangent of k_i and σ_i = A_iᵀ κ_i,
    // κ_4 = dt/6 λ, κ_i = dt/6 w_i λ + c_{i+1} σ_{i+1}; ∂/∂s = λ + Σ σ_i, ∂/∂u = Σ B_iᵀ κ_i.
    // O(n²) per stage with dense Jacobians instead of the O(n³) of the step's Jacobians.
    stepVjp(gs, gu, s, u, dt, lambda) {
      stages(s, u, dt);
      for (let j = 0; j < n; j++) gs[j] = lambda[j];
      for (let j = 0; j < m; j++) gu[j] = 0;
      for (let i = 3; i >= 0; i--) {
        const next = i < 3 ? OFFSETS[i + 1] * dt : 0;
        for (let j = 0; j < n; j++) kappa[j] = (dt / 6) * WEIGHTS[i] * lambda[j] + next * sigma[j];
        products.vjp(sigma, guStage, stageStates[i], u, kappa);
        for (let j = 0; j < m; j++) gu[j] += guStage[j];
        for (let j = 0; j < n; j++) gs[j] += sigma[j];
      }
    },
  };
  if (ode.jacobians) stepper.stepJacobians = denseStepJacobians(ode, n, m, stages, combine, stageStates);
  return stepper;
}

/** The step's dense Jacobians: ∂k_i/∂s = A_i (I + c_i ∂k_{i-1}/∂s), ∂k_i/∂u = A_i c_i ∂k_{i-1}/∂u + B_i. */
function denseStepJacobians(
  ode: OdeRightHandSide,
  n: number,
  m: number,
  stages: (s: Float64Array, u: Float64Array, dt: number) => void,
  combine: (out: Float64Array, s: Float64Array, dt: number) => void,
  stageStates: readonly Float64Array[],
): NonNullable<Rk4Stepper['stepJacobians']> {
  const jacobians = (fs: Float64Array, fu: Float64Array, s: Float64Array, u: Float64Array) => ode.jacobians!(fs, fu, s, u);
  const a = [0, 1, 2, 3].map(() => new Float64Array(n * n)); // ∂f/∂s at each stage
  const b = [0, 1, 2, 3].map(() => new Float64Array(n * m)); // ∂f/∂u at each stage
  const ks = [0, 1, 2, 3].map(() => new Float64Array(n * n)); // ∂k_i/∂s
  const ku = [0, 1, 2, 3].map(() => new Float64Array(n * m)); // ∂k_i/∂u
  const tmpS = new Float64Array(n * n);
  const tmpU = new Float64Array(n * m);
  const productS = matmulKernel(n, n, n);
  const productU = matmulKernel(n, n, m);
  return (out, js, ju, s, u, dt) => {
    stages(s, u, dt);
    combine(out, s, dt);
    for (let i = 0; i < 4; i++) jacobians(a[i], b[i], stageStates[i], u);
    ks[0].set(a[0]);
    ku[0].set(b[0]);
    for (let i = 1; i < 4; i++) {
      const c = OFFSETS[i] * dt;
      for (let j = 0; j < n * n; j++) tmpS[j] = c * ks[i - 1][j];
      for (let j = 0; j < n; j++) tmpS[j * n + j] += 1;
      productS(ks[i], a[i], tmpS);
      for (let j = 0; j < n * m; j++) tmpU[j] = c * ku[i - 1][j];
      productU(ku[i], a[i], tmpU);
      for (let j = 0; j < n * m; j++) ku[i][j] += b[i][j];
    }
    for (let j = 0; j < n * n; j++) {
      let acc = 0;
      for (let i = 0; i < 4; i++) acc += WEIGHTS[i] * ks[i][j];
      js[j] = (dt / 6) * acc;
    }
    for (let j = 0; j < n; j++) js[j * n + j] += 1;
    for (let j = 0; j < n * m; j++) {
      let acc = 0;
      for (let i = 0; i < 4; i++) acc += WEIGHTS[i] * ku[i][j];
      ju[j] = (dt / 6) * acc;
    }
  };
}

/**
 * Makes a physics system from an ODE: RK4 steps with exact discrete derivatives, dense when the
 * right-hand side gives Jacobians, products otherwise. Validates it.
 */
export function defineOdeSystem(def: OdeSystemDefinition): PhysicsSystem {
  const name = def.name;
  if (typeof def.jacobians !== 'function' && !(typeof def.rhsJvp === 'function' && typeof def.rhsVjp === 'function')) {
    throw new ContractError(`system '${name}'`, 'jacobians', 'must be a function, or the right-hand side must give both products rhsJvp and rhsVjp');
  }
  const stepper = createRk4Stepper(def, def.stateDim, def.controlDim);
  const ode: OdeRightHandSide = {
    rhs: def.rhs,
    ...(def.jacobians ? { jacobians: def.jacobians } : {}),
    ...(def.rhsJvp ? { rhsJvp: def.rhsJvp } : {}),
    ...(def.rhsVjp ? { rhsVjp: def.rhsVjp } : {}),
  };
  const system: PhysicsSystem = {
    name,
    stateDim: def.stateDim,
    controlDim: def.controlDim,
    params: def.params ?? {},
    stateNames: def.stateNames ?? defaultStateNames(def.stateDim),
    order: 4,
    step: stepper.step,
    ...(stepper.stepJacobians ? { stepJacobians: stepper.stepJacobians } : {}),
    stepJvp: stepper.stepJvp,
    stepVjp: stepper.stepVjp,
    energy: def.energy,
    power: def.power,
    ode,
  };
  return validateSystem(system);
}
