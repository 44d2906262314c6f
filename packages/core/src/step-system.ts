import type { PhysicsSystem, StepSystemDefinition } from './system.js';
import { defaultStateNames } from './system.js';
import { validateSystem } from './validate.js';

/** Makes a physics system from a hand-written step (an implicit scheme, say). Validates it. */
export function defineStepSystem(def: StepSystemDefinition): PhysicsSystem {
  return validateSystem({
    ...def,
    params: def.params ?? {},
    stateNames: def.stateNames ?? defaultStateNames(def.stateDim),
  });
}
