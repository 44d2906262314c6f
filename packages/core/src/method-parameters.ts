import { METHOD_NAMES } from './experiment.js';
import type { Experiment, MethodConfig, MethodName } from './experiment.js';
import type { ParameterSpec, ParameterSpecs, ParameterValues } from './parameters.js';

/**
 * Method hyperparameters as ordinary experiment parameters named `METHOD.field`
 * (`HIG.batchSize`, `SIP.rcond`), so that they are overridden and recorded like the physics.
 */
export type MethodDefaults = Partial<Record<MethodName, MethodConfig>>;

const FIELD_BOUNDS: Record<keyof MethodConfig, Omit<ParameterSpec, 'default'>> = {
  batchSize: { min: 1, max: 1 << 20, integer: true, description: 'samples per update' },
  learningRate: { min: 1e-12, max: 1e3, description: 'step size' },
  rcond: { min: 0, max: 0.5, description: 'relative cut-off for singular values' },
  beta: { min: 0, max: 1, description: 'exponent of the inverse: 1/2 half-inverse, 1 Gauss–Newton' },
  inverseIterations: { min: 1, max: 1000, integer: true, description: 'Gauss–Newton iterations of the physics inverse' },
  inverseTolerance: { min: 0, max: 1, description: 'relative step at which the physics inverse stops' },
};

/** Parameter specs for the given per-method defaults. */
export function methodParameters(defaults: MethodDefaults): ParameterSpecs {
  const specs: Record<string, ParameterSpec> = {};
  for (const [method, config] of Object.entries(defaults)) {
    for (const [field, value] of Object.entries(config ?? {})) {
      if (value === undefined) continue;
      specs[`${method}.${field}`] = { default: value, ...FIELD_BOUNDS[field as keyof MethodConfig] };
    }
  }
  return specs;
}

/** Reads the methods' configs back from resolved parameter values. */
export function methodsFrom(values: ParameterValues, defaults: MethodDefaults): MethodDefaults {
  const methods: Partial<Record<MethodName, MethodConfig>> = {};
  for (const [method, config] of Object.entries(defaults) as [MethodName, MethodConfig][]) {
    const entries = Object.keys(config).map((field) => [field, values[`${method}.${field}`]]);
    methods[method] = Object.fromEntries(entries) as unknown as MethodConfig;
  }
  return methods;
}

/**
 * The settings of `name` for an experiment. Gauss–Newton is available to every experiment that
 * configures HIG: unless it has settings of its own, it is HIG's update with beta = 1.
 */
export function methodConfig(experiment: Experiment, name: MethodName): MethodConfig | undefined {
  const own = experiment.methods[name];
  if (own) return own;
  const hig = experiment.methods.HIG;
  return name === 'GN' && hig ? { ...hig, beta: 1 } : undefined;
}

/** The methods an experiment configures itself, in the usual order: what runs when none are named. */
export function configuredMethods(experiment: Experiment): MethodName[] {
  return METHOD_NAMES.filter((name) => experiment.methods[name] !== undefined);
}

/** Every method an experiment can run: the ones it configures, and GN when it configures HIG. */
export function availableMethods(experiment: Experiment): MethodName[] {
  return METHOD_NAMES.filter((name) => methodConfig(experiment, name) !== undefined);
}
