/**
 * The physics contract. A system is a differentiable time step `s' = step(s, u; dt)` for one
 * sample, in flat Float64Arrays; core batches it, rolls it out and differentiates the rollout.
 * Arrays passed to a system are per-sample scratch buffers: read `s`, `u`, write `out`.
 */

/**
 * What every physics system provides. Most are made by `defineOdeSystem` (an ODE, RK4 steps) or
 * `defineLinearSystem` (a linear operator). Derivatives come in one of two forms:
 * - dense per-step Jacobians (`stepJacobians`), the fast path for small states;
 * - products only (`stepJvp` and `stepVjp`, or a declared `linear` operator), for fields whose
 *   n×n Jacobian is out of the question. Core then never forms an n×n matrix: rollouts,
 *   sensitivities and adjoints work with Jacobian-vector and vector-Jacobian products.
 * A system may give both; `validateSystem` requires one of them.
 */
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
  /**
   * Order of accuracy of `step` in dt (RK4: 4, Crank–Nicolson: 2). The test kit checks it.
   * `Infinity` for a step that is exact for any dt (an exponential integrator, a static map):
   * the kit then checks that two uncontrolled half steps equal one whole step.
   */
  readonly order: number;
  /** out [n] = the state after one step of length dt from s [n] under the control u [m]. */
  step(out: Float64Array, s: Float64Array, u: Float64Array, dt: number): void;
  /**
   * Optional (dense form): like `step`, and also the step's Jacobians js [n×n] = ∂out/∂s and
   * ju [n×m] = ∂out/∂u. Required unless the system gives `stepJvp` and `stepVjp`.
   */
  readonly stepJacobians?: (out: Float64Array, js: Float64Array, ju: Float64Array, s: Float64Array, u: Float64Array, dt: number) => void;
  /**
   * Optional (product form): the Jacobian-vector product of one step at (s, u),
   * out [n] = js·ds + ju·du for the tangents ds [n] and du [m]. `next` is the state after the step
   * when the caller has it (rollouts store it), which a system may use instead of stepping again.
   */
  readonly stepJvp?: (out: Float64Array, s: Float64Array, u: Float64Array, dt: number, ds: Float64Array, du: Float64Array, next?: Float64Array) => void;
  /**
   * Optional: the vector-Jacobian product of one step, gs [n] = jsᵀ λ and gu [m] = juᵀ λ for
   * λ [n]. Required with `stepJvp`; with dense Jacobians it makes adjoints faster. Rollouts pass
   * the state after the step as `next` (it is stored anyway), which a system may use instead of
   * stepping again.
   */
  readonly stepVjp?: (gs: Float64Array, gu: Float64Array, s: Float64Array, u: Float64Array, dt: number, lambda: Float64Array, next?: Float64Array) => void;
  /**
   * Optional: the step is affine in (s, u), s' = A(dt)·s + B(dt)·u + c(dt), given as a linear
   * operator. Rollouts then take the affine path (sensitivities shared by every sample) without
   * probing the Jacobians. `defineLinearSystem` fills `step`, `stepJvp` and `stepVjp` from it.
   */
  readonly linear?: LinearOperatorStep;
  /**
   * Optional: the state is a complex vector z [n/2] stored as [Re z; Im z], and each step is
   * complex-linear in it for a fixed control, step(i·z) = i·step(z) (a Schrödinger equation, say).
   * The adjoint of the cotangent i·λ is then i times that of λ, so dense sensitivities sweep only
   * the n/2 real unit cotangents and take the other rows from the control Jacobian (one stepJvp
   * per control): about half the work when controls are fewer than n/2. Requires `stepJvp` and
   * `stepVjp`; validation and the test kit check the claim.
   */
  readonly complexLinear?: boolean;
  /** Optional: the energy, conserved by the exact flow without control. */
  readonly energy?: (s: Float64Array) => number;
  /** Optional, with `energy`: dE/dt under the control u (the power put in). */
  readonly power?: (s: Float64Array, u: Float64Array) => number;
  /** Optional: a quantity that the discrete step itself preserves to rounding, with or without control. */
  readonly invariant?: { readonly name: string; readonly value: (s: Float64Array) => number };
  /** Present when the system is an ODE: its right-hand side, used by the test kit. */
  readonly ode?: OdeRightHandSide;
}

/** An affine step s' = A·s + B·u + c as operators (A, B and c may depend on dt). */
export interface LinearOperatorStep {
  /** out [n] = A·s [n] + B·u [m] (without the constant term). */
  apply(out: Float64Array, s: Float64Array, u: Float64Array, dt: number): void;
  /** gs [n] = Aᵀ·λ, gu [m] = Bᵀ·λ for λ [n]. */
  applyTranspose(gs: Float64Array, gu: Float64Array, lambda: Float64Array, dt: number): void;
  /** Optional: out [n] = c, the constant (state- and control-independent) term; zero when absent. */
  readonly constant?: (out: Float64Array, dt: number) => void;
}

/**
 * `ds/dt = f(s, u)` with its derivatives: dense Jacobians, or (for fields) the products
 * `rhsJvp` and `rhsVjp`. RK4 then gives the step the same form of derivatives.
 */
export interface OdeRightHandSide {
  /** out [n] = f(s [n], u [m]). */
  rhs(out: Float64Array, s: Float64Array, u: Float64Array): void;
  /** fs [n×n] = ∂f/∂s, fu [n×m] = ∂f/∂u at (s, u); both are written in full. Required unless both products are given. */
  readonly jacobians?: (fs: Float64Array, fu: Float64Array, s: Float64Array, u: Float64Array) => void;
  /** out [n] = ∂f/∂s·ds + ∂f/∂u·du at (s, u). */
  readonly rhsJvp?: (out: Float64Array, s: Float64Array, u: Float64Array, ds: Float64Array, du: Float64Array) => void;
  /** gs [n] = (∂f/∂s)ᵀλ, gu [m] = (∂f/∂u)ᵀλ at (s, u). */
  readonly rhsVjp?: (gs: Float64Array, gu: Float64Array, s: Float64Array, u: Float64Array, lambda: Float64Array) => void;
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

/** What a linear system's author writes; `defineLinearSystem` adds the step and its products. */
export interface LinearSystemDefinition extends LinearOperatorStep {
  readonly name: string;
  readonly stateDim: number;
  readonly controlDim: number;
  /** Order of accuracy in dt; `Infinity` (the default) for an exact step. */
  readonly order?: number;
  readonly params?: Readonly<Record<string, number>>;
  readonly stateNames?: readonly string[];
  readonly energy?: (s: Float64Array) => number;
  readonly invariant?: PhysicsSystem['invariant'];
}

/** Whether a system gives dense per-step Jacobians (else it gives products only). */
export function hasDenseJacobians(system: PhysicsSystem): system is PhysicsSystem & Required<Pick<PhysicsSystem, 'stepJacobians'>> {
  return typeof system.stepJacobians === 'function';
}

export function defaultStateNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `s${i + 1}`);
}
