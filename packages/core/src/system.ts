/**
 * The physics contract. A system is a differentiable time step `s' = step(s, u; dt)` for one
 * sample, in flat Float64Arrays; core batches it, rolls it out and differentiates the rollout.
 * Arrays passed to a system are per-sample scratch buffers: read `s`, `u`, write `out`.
 */

/** What every physics system provides. Most are made by `defineOdeSystem`. */
export interface PhysicsSystem {
  readonly name: string;
  /** State dimension n. */
  readonly stateDim: number;
  /** Control dimension m (per time step). */
  readonly controlDim: number;
  /** Physical parameters, for display and results. */
  readonly params: Readonly<Record<string, number>>;
  /** A short name per state component, length n (e.g. `x1`, `v1`). */
  readonly stateNames: readonly string[];
  /** Order of accuracy of `step` in dt (RK4: 4, Crank–Nicolson: 2). The test kit checks it. */
  readonly order: number;
  /** out [n] = the state after one step of length dt from s [n] under the control u [m]. */
  step(out: Float64Array, s: Float64Array, u: Float64Array, dt: number): void;
  /** Like `step`, and also the step's Jacobians js [n×n] = ∂out/∂s and ju [n×m] = ∂out/∂u. */
  stepJacobians(out: Float64Array, js: Float64Array, ju: Float64Array, s: Float64Array, u: Float64Array, dt: number): void;
  /**
   * Optional: the vector-Jacobian product of one step, gs [n] = jsᵀ λ and gu [m] = juᵀ λ for
   * λ [n]. Faster adjoints when present; otherwise they use `stepJacobians`. Rollouts pass the
   * state after the step as `next` (it is stored anyway), which a system may use instead of
   * stepping again.
   */
  readonly stepVjp?: (gs: Float64Array, gu: Float64Array, s: Float64Array, u: Float64Array, dt: number, lambda: Float64Array, next?: Float64Array) => void;
  /** Optional: the energy, conserved by the exact flow without control. */
  readonly energy?: (s: Float64Array) => number;
  /** Optional, with `energy`: dE/dt under the control u (the power put in). */
  readonly power?: (s: Float64Array, u: Float64Array) => number;
  /** Optional: a quantity that the discrete step itself preserves to rounding, with or without control. */
  readonly invariant?: { readonly name: string; readonly value: (s: Float64Array) => number };
  /** Present when the system is an ODE: its right-hand side, used by the test kit. */
  readonly ode?: OdeRightHandSide;
}

/** `ds/dt = f(s, u)` with its Jacobians. */
export interface OdeRightHandSide {
  /** out [n] = f(s [n], u [m]). */
  rhs(out: Float64Array, s: Float64Array, u: Float64Array): void;
  /** fs [n×n] = ∂f/∂s, fu [n×m] = ∂f/∂u at (s, u); both are written in full. */
  jacobians(fs: Float64Array, fu: Float64Array, s: Float64Array, u: Float64Array): void;
}

/** What an ODE system author writes; `defineOdeSystem` adds the RK4 step. */
export interface OdeSystemDefinition extends OdeRightHandSide {
  readonly name: string;
  readonly stateDim: number;
  readonly controlDim: number;
  readonly params?: Readonly<Record<string, number>>;
  readonly stateNames?: readonly string[];
  readonly energy?: (s: Float64Array) => number;
  readonly power?: (s: Float64Array, u: Float64Array) => number;
}

/** What a system with its own scheme writes (e.g. Crank–Nicolson). */
export type StepSystemDefinition = Omit<PhysicsSystem, 'params' | 'stateNames' | 'ode'> & {
  readonly params?: Readonly<Record<string, number>>;
  readonly stateNames?: readonly string[];
};

export function defaultStateNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `s${i + 1}`);
}
