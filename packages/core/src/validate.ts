import { ContractError } from './errors.js';
import { METHOD_NAMES } from './experiment.js';
import type { Experiment, ExperimentDefinition } from './experiment.js';
import { isPowerOfTwo } from './parameters.js';
import type { PhysicsSystem } from './system.js';

/**
 * Checks a plug-in when it registers, so that a broken one fails at once with an error naming
 * the plug-in and the field, not deep inside training.
 */

type Check = (plugin: string, field: string, value: unknown) => void;

const positiveInteger: Check = (plugin, field, value) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ContractError(plugin, field, `must be a positive integer, got ${String(value)}`);
  }
};
const positiveNumber: Check = (plugin, field, value) => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ContractError(plugin, field, `must be a positive finite number, got ${String(value)}`);
  }
};
const fn: Check = (plugin, field, value) => {
  if (typeof value !== 'function') throw new ContractError(plugin, field, `must be a function, got ${typeof value}`);
};
const optionalFn: Check = (plugin, field, value) => {
  if (value !== undefined) fn(plugin, field, value);
};
const nonEmptyString: Check = (plugin, field, value) => {
  if (typeof value !== 'string' || value.trim() === '') throw new ContractError(plugin, field, `must be a non-empty string, got ${String(value)}`);
};

function pluginName(value: unknown, kind: string): string {
  const name = (value as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name !== '' ? `${kind} '${name}'` : `${kind} (unnamed)`;
}

/** Validates a physics system and dry-runs one step with its derivatives (dense or products). Returns it. */
export function validateSystem(system: PhysicsSystem): PhysicsSystem {
  const p = pluginName(system, 'system');
  if (typeof system !== 'object' || system === null) throw new ContractError(p, '(root)', 'must be an object');
  nonEmptyString(p, 'name', system.name);
  positiveInteger(p, 'stateDim', system.stateDim);
  positiveInteger(p, 'controlDim', system.controlDim);
  if (system.order !== Infinity) positiveInteger(p, 'order', system.order);
  fn(p, 'step', system.step);
  optionalFn(p, 'stepJacobians', system.stepJacobians);
  optionalFn(p, 'stepJvp', system.stepJvp);
  optionalFn(p, 'stepVjp', system.stepVjp);
  if (system.linear !== undefined) {
    fn(p, 'linear.apply', system.linear?.apply);
    fn(p, 'linear.applyTranspose', system.linear?.applyTranspose);
    optionalFn(p, 'linear.constant', system.linear?.constant);
  }
  if (!system.stepJacobians && !(system.stepJvp && system.stepVjp)) {
    const has = system.stepJvp ? 'stepJvp without stepVjp' : system.stepVjp ? 'stepVjp without stepJvp' : 'neither';
    throw new ContractError(p, 'stepJacobians', `must be a function, or the system must give both products stepJvp and stepVjp (it gives ${has})`);
  }
  if (system.complexLinear !== undefined && typeof system.complexLinear !== 'boolean') throw new ContractError(p, 'complexLinear', 'must be a boolean');
  if (system.complexLinear) {
    if (system.stateDim % 2 !== 0) throw new ContractError(p, 'complexLinear', `needs an even stateDim (a complex state [Re z; Im z]), got ${system.stateDim}`);
    if (!system.stepJvp || !system.stepVjp) throw new ContractError(p, 'complexLinear', 'needs both products stepJvp and stepVjp');
  }
  optionalFn(p, 'energy', system.energy);
  optionalFn(p, 'power', system.power);
  if (system.power && !system.energy) throw new ContractError(p, 'power', 'requires energy');
  if (system.invariant) fn(p, 'invariant.value', system.invariant.value);
  if (!Array.isArray(system.stateNames) || system.stateNames.length !== system.stateDim) {
    throw new ContractError(p, 'stateNames', `must list stateDim=${system.stateDim} names`);
  }
  for (const [key, value] of Object.entries(system.params ?? {})) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new ContractError(p, `params.${key}`, `must be a finite number, got ${String(value)}`);
  }
  dryRun(p, system);
  return system;
}

function dryRun(p: string, system: PhysicsSystem): void {
  const n = system.stateDim;
  const m = system.controlDim;
  const s = new Float64Array(n).map((_, i) => 0.1 * (i + 1));
  const u = new Float64Array(m).fill(0.1);
  const out = new Float64Array(n).fill(NaN);
  system.step(out, s, u, 0.01);
  if (!out.every(Number.isFinite)) throw new ContractError(p, 'step', `must write ${n} finite values to out`);
  if (system.stepJacobians) {
    const js = new Float64Array(n * n).fill(NaN);
    const ju = new Float64Array(n * m).fill(NaN);
    system.stepJacobians(out, js, ju, s, u, 0.01);
    if (!js.every(Number.isFinite)) throw new ContractError(p, 'stepJacobians', `must write ${n * n} finite values to js [n×n]`);
    if (!ju.every(Number.isFinite)) throw new ContractError(p, 'stepJacobians', `must write ${n * m} finite values to ju [n×m]`);
  }
  if (system.stepJvp) {
    const jv = new Float64Array(n).fill(NaN);
    system.stepJvp(jv, s, u, 0.01, s.slice(), u.slice());
    if (!jv.every(Number.isFinite)) throw new ContractError(p, 'stepJvp', `must write ${n} finite values to out [n]`);
  }
  if (system.complexLinear) {
    const error = complexLinearError(system, s, u, 0.01);
    if (!(error <= 1e-8)) throw new ContractError(p, 'complexLinear', `is declared, but step(i·z) and i·step(z) differ by ${error.toExponential(2)} of their size`);
  }
  if (system.stepVjp) {
    const gs = new Float64Array(n).fill(NaN);
    const gu = new Float64Array(m).fill(NaN);
    system.stepVjp(gs, gu, s, u, 0.01, s.slice());
    if (!gs.every(Number.isFinite)) throw new ContractError(p, 'stepVjp', `must write ${n} finite values to gs [n]`);
    if (!gu.every(Number.isFinite)) throw new ContractError(p, 'stepVjp', `must write ${m} finite values to gu [m]`);
  }
}

/** Validates an experiment instance against its system and network. Returns it. */
export function validateExperiment(exp: Experiment): Experiment {
  const p = pluginName(exp, 'experiment');
  nonEmptyString(p, 'name', exp.name);
  nonEmptyString(p, 'title', exp.title);
  if (typeof exp.system !== 'object' || exp.system === null) throw new ContractError(p, 'system', 'must be a physics system');
  validateSystem(exp.system);
  positiveInteger(p, 'steps', exp.steps);
  positiveNumber(p, 'dt', exp.dt);
  fn(p, 'data', exp.data);
  fn(p, 'loss.value', exp.loss?.value);
  fn(p, 'loss.gradient', exp.loss?.gradient);
  positiveInteger(p, 'loss.targetDim', exp.loss.targetDim);
  validateNetwork(p, exp);
  const methods = Object.entries(exp.methods ?? {});
  if (methods.length === 0) throw new ContractError(p, 'methods', 'must configure at least one method');
  for (const [name, config] of methods) {
    if (!(METHOD_NAMES as readonly string[]).includes(name)) throw new ContractError(p, `methods.${name}`, `is not a known method (${METHOD_NAMES.join(', ')})`);
    positiveInteger(p, `methods.${name}.batchSize`, config?.batchSize);
    positiveNumber(p, `methods.${name}.learningRate`, config?.learningRate);
    if (config?.rcond !== undefined && !(config.rcond >= 0 && config.rcond < 1)) throw new ContractError(p, `methods.${name}.rcond`, `must be in [0, 1), got ${config.rcond}`);
  }
  for (const c of exp.display?.components ?? []) {
    if (!Number.isInteger(c) || c < 0 || c >= exp.system.stateDim) throw new ContractError(p, 'display.components', `must be state indices below ${exp.system.stateDim}, got ${c}`);
  }
  validateGrid(p, exp);
  validateSquares(p, exp);
  optionalFn(p, 'physicsInverse', exp.physicsInverse);
  return exp;
}

function validateGrid(p: string, exp: Experiment): void {
  const grid = exp.display?.grid;
  if (grid === undefined) return;
  const n = exp.system.stateDim;
  if (!Array.isArray(grid) || grid.length !== 2 || !grid.every((d) => Number.isInteger(d) && d > 0) || grid[0] * grid[1] !== n) {
    throw new ContractError(p, 'display.grid', `must be [rows, cols] of positive integers with rows·cols = stateDim ${n}, got ${JSON.stringify(grid)}`);
  }
}

function validateSquares(p: string, exp: Experiment): void {
  const squares = exp.loss.squares;
  if (squares === undefined) return;
  const k = exp.loss.targetDim;
  const n = exp.system.stateDim;
  const { components, weights } = squares;
  if (!Array.isArray(components) || components.length !== k) throw new ContractError(p, 'loss.squares.components', `must list targetDim=${k} state components, got ${Array.isArray(components) ? components.length : typeof components}`);
  for (const c of components) {
    if (!Number.isInteger(c) || c < 0 || c >= n) throw new ContractError(p, 'loss.squares.components', `must be state indices below ${n}, got ${c}`);
  }
  if (weights === undefined) return;
  if (!Array.isArray(weights) || weights.length !== k) throw new ContractError(p, 'loss.squares.weights', `must have targetDim=${k} entries`);
  for (const w of weights) if (!(w > 0) || !Number.isFinite(w)) throw new ContractError(p, 'loss.squares.weights', `must be positive and finite, got ${w}`);
}

function validateNetwork(p: string, exp: Experiment): void {
  const layers = exp.network?.layers;
  positiveInteger(p, 'network.inputDim', exp.network?.inputDim);
  if (!Array.isArray(layers) || layers.length === 0) throw new ContractError(p, 'network.layers', 'must list at least one layer');
  layers.forEach((layer, i) => {
    positiveInteger(p, `network.layers[${i}].units`, layer.units);
    if (!['tanh', 'relu', 'linear'].includes(layer.activation)) throw new ContractError(p, `network.layers[${i}].activation`, `must be tanh, relu or linear, got ${String(layer.activation)}`);
  });
  const outputs = layers[layers.length - 1].units;
  const controls = exp.steps * exp.system.controlDim;
  if (outputs !== controls) throw new ContractError(p, 'network.layers', `last layer must have steps*controlDim=${controls} units (one control per step), got ${outputs}`);
}

/** Validates what an experiment package exports. Returns it. */
export function validateDefinition(def: ExperimentDefinition): ExperimentDefinition {
  const p = pluginName(def, 'experiment');
  if (typeof def !== 'object' || def === null) throw new ContractError(p, '(export)', 'must be an experiment definition object');
  nonEmptyString(p, 'name', def.name);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(def.name)) throw new ContractError(p, 'name', 'must be kebab-case (a-z, 0-9, -)');
  nonEmptyString(p, 'title', def.title);
  fn(p, 'create', def.create);
  if (typeof def.parameters !== 'object' || def.parameters === null) throw new ContractError(p, 'parameters', 'must be an object of parameter specs');
  for (const [key, spec] of Object.entries(def.parameters)) {
    if (typeof spec?.default !== 'number' || !Number.isFinite(spec.default)) throw new ContractError(p, `parameters.${key}.default`, 'must be a finite number');
    if (spec.min !== undefined && spec.default < spec.min) throw new ContractError(p, `parameters.${key}.default`, `is below its min ${spec.min}`);
    if (spec.max !== undefined && spec.default > spec.max) throw new ContractError(p, `parameters.${key}.default`, `is above its max ${spec.max}`);
    if (spec.powerOfTwo && !isPowerOfTwo(spec.default)) throw new ContractError(p, `parameters.${key}.default`, `must be a power of two, got ${spec.default}`);
  }
  return def;
}

/** i·z for a complex state z stored as [Re z; Im z]: [Re; Im] → [−Im; Re]. */
function timesI(out: Float64Array, z: Float64Array): Float64Array {
  const h = z.length / 2;
  for (let k = 0; k < h; k++) {
    out[k] = -z[h + k];
    out[h + k] = z[k];
  }
  return out;
}

/** |step(i·z) − i·step(z)| / |step(z)| at (s, u): zero to rounding for a complex-linear step. */
export function complexLinearError(system: PhysicsSystem, s: Float64Array, u: Float64Array, dt: number): number {
  const n = system.stateDim;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  system.step(a, timesI(new Float64Array(n), s), u, dt);
  system.step(b, s, u, dt);
  const ib = timesI(new Float64Array(n), b);
  let diff = 0;
  let size = 0;
  for (let i = 0; i < n; i++) {
    diff = Math.max(diff, Math.abs(a[i] - ib[i]));
    size = Math.max(size, Math.abs(b[i]));
  }
  return size > 0 ? diff / size : diff;
}
