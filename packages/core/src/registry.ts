import type { DiscoveredExperiment, WorkspacePackage } from './discover.js';
import type { Experiment, ExperimentDefinition } from './experiment.js';
import { resolveParameters } from './parameters.js';
import { validateDefinition, validateExperiment } from './validate.js';

/** The experiments known to one program, built explicitly at start-up. */
export interface Registry {
  readonly names: readonly string[];
  get(name: string): ExperimentDefinition;
  list(): readonly ExperimentDefinition[];
  /** The workspace package an experiment was discovered in, if it was. */
  packageOf(name: string): WorkspacePackage | undefined;
}

/**
 * Validates every definition (or discovered experiment); a duplicate or broken plug-in throws
 * an error naming it. Discovery has already skipped broken packages with a warning.
 */
export function createRegistry(entries: readonly (ExperimentDefinition | DiscoveredExperiment)[]): Registry {
  const byName = new Map<string, ExperimentDefinition>();
  const packages = new Map<string, WorkspacePackage>();
  for (const entry of entries) {
    const def = 'definition' in entry ? entry.definition : entry;
    if ('definition' in entry) packages.set(def.name, entry.package);
    validateDefinition(def);
    if (byName.has(def.name)) throw new Error(`createRegistry: experiment '${def.name}' is registered twice`);
    byName.set(def.name, def);
  }
  return {
    names: [...byName.keys()],
    list: () => [...byName.values()],
    packageOf: (name) => packages.get(name),
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
