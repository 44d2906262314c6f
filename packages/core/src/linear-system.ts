import type { LinearSystemDefinition, PhysicsSystem } from './system.js';
import { defaultStateNames } from './system.js';
import { validateSystem } from './validate.js';

/**
 * Makes a physics system from a linear operator s' = A·s + B·u + c: the step applies it (and
 * adds c), the Jacobian-vector product is the operator itself, the vector-Jacobian product its
 * transpose. No matrix is ever formed: A, B and c are whatever `apply`, `applyTranspose` and
 * `constant` compute (a stencil, an FFT). Validates it.
 */
export function defineLinearSystem(def: LinearSystemDefinition): PhysicsSystem {
  const n = def.stateDim;
  const c = new Float64Array(n);
  // Called as methods: a definition written as an object literal may use `this`.
  const apply: LinearSystemDefinition['apply'] = (out, s, u, dt) => def.apply(out, s, u, dt);
  const applyTranspose: LinearSystemDefinition['applyTranspose'] = (gs, gu, lambda, dt) => def.applyTranspose(gs, gu, lambda, dt);
  const constant = def.constant ? (out: Float64Array, dt: number) => def.constant!(out, dt) : undefined;
  const linear = { apply, applyTranspose, ...(constant ? { constant } : {}) };
  const system: PhysicsSystem = {
    name: def.name,
    stateDim: n,
    controlDim: def.controlDim,
    params: def.params ?? {},
    stateNames: def.stateNames ?? defaultStateNames(n),
    order: def.order ?? Infinity,
    step(out, s, u, dt) {
      apply(out, s, u, dt);
      if (!constant) return;
      constant(c, dt);
      for (let i = 0; i < n; i++) out[i] += c[i];
    },
    stepJvp: (out, _s, _u, dt, ds, du) => apply(out, ds, du, dt),
    stepVjp: (gs, gu, _s, _u, dt, lambda) => applyTranspose(gs, gu, lambda, dt),
    linear,
    ...(def.energy ? { energy: def.energy } : {}),
    ...(def.invariant ? { invariant: def.invariant } : {}),
  };
  return validateSystem(system);
}
