import type { Experiment, ExperimentDefinition } from './experiment.js';
import { resolveParameters } from './parameters.js';
import { validateDefinition, validateExperiment } from './validate.js';

/** The experiments known to one program, built explicitly at start-up. */
export interface Registry {
  readonly names: readonly string[];
  get(name: string): ExperimentDefinition;
  list(): readonly ExperimentDefinition[];
}

/** Validates every definition; a duplicate or broken plug-in throws an error naming it. */
export function createRegistry(definitions: readonly ExperimentDefinition[]): Registry {
  const byName = new Map<string, ExperimentDefinition>();
  for (const def of definitions) {
    validateDefinition(def);
    if (byName.has(def.name)) throw new Error(`createRegistry: experiment '${def.name}' is registered twice`);
    byName.set(def.name, def);
  }
  return {
    names: [...byName.keys()],
    list: () => [...byName.values()],
    get(name) {
      const def = byName.get(name);
      if (!def) {
        const known = [...byName.keys()].join(', ') || '(none)';
        throw new Error(`unknown experiment '${name}'; registered: ${known}`);
      }
      return def;
    },
  };
}

/** Makes a validated experiment from its definition, defaults overridden by `overrides`. */
export function instantiate(def: ExperimentDefinition, overrides: Readonly<Record<string, number | string>> = {}): Experiment {
  const values = resolveParameters(def.parameters, overrides);
  return validateExperiment(def.create(values));
}
