import { describe, expect, it } from '@jest/globals';
import { ContractError, createRegistry, instantiate, validateExperiment, validateSystem } from '../src/index.js';
import type { Experiment, ExperimentDefinition, PhysicsSystem } from '../src/index.js';
import { squaredError } from '../src/index.js';
import { oscillator } from './fixtures.js';

function experimentWith(patch: Partial<Experiment> = {}): Experiment {
  const system = oscillator();
  return {
    name: 'toy',
    title: 'Toy',
    system,
    steps: 3,
    dt: 0.1,
    loss: squaredError(2),
    network: { inputDim: 2, layers: [{ units: 5, activation: 'tanh' }, { units: 3, activation: 'linear' }] },
    methods: { GD: { batchSize: 4, learningRate: 0.01 } },
    data: () => {
      const a = new Float64Array(8);
      const set = { size: 4, initial: a, input: a, target: a };
      return { train: set, test: set };
    },
    display: { components: [0] },
    parameters: {},
    ...patch,
  };
}

function definition(name: string, patch: Partial<Experiment> = {}): ExperimentDefinition {
  return { name, title: name, description: '', parameters: { steps: { default: 3, min: 1, integer: true } }, create: (p) => experimentWith({ steps: p.steps, ...patch, network: { inputDim: 2, layers: [{ units: p.steps, activation: 'linear' }] } }) };
}

describe('plug-in validation', () => {
  it('accepts a well-formed experiment', () => {
    expect(validateExperiment(experimentWith()).name).toBe('toy');
  });

  it.each([
    [{ steps: 0 }, 'steps'],
    [{ dt: -1 }, 'dt'],
    [{ methods: {} }, 'methods'],
    [{ methods: { ADAM: { batchSize: 1, learningRate: 1 } } as unknown as Experiment['methods'] }, 'methods.ADAM'],
    [{ methods: { GD: { batchSize: 0.5, learningRate: 1 } } }, 'methods.GD.batchSize'],
    [{ network: { inputDim: 2, layers: [{ units: 4, activation: 'linear' as const }] } }, 'network.layers'],
    [{ network: { inputDim: 2, layers: [{ units: 3, activation: 'gelu' as unknown as 'tanh' }] } }, 'network.layers[0].activation'],
    [{ display: { components: [7] } }, 'display.components'],
  ])('rejects %j naming the field %s', (patch, field) => {
    const run = () => validateExperiment(experimentWith(patch as Partial<Experiment>));
    expect(run).toThrow(ContractError);
    expect(run).toThrow(`experiment 'toy': field '${field}'`);
  });

  it('rejects a system whose step writes too few values, naming system and field', () => {
    const broken: PhysicsSystem = { ...oscillator(), name: 'short', step: (out) => void out.fill(1, 0, 1) };
    expect(() => validateSystem(broken)).toThrow("system 'short': field 'step'");
  });

  it('rejects a system with neither dense Jacobians nor both products, saying what it gives', () => {
    const broken = { ...oscillator(), stepJacobians: undefined, stepJvp: undefined } as unknown as PhysicsSystem;
    expect(() => validateSystem(broken)).toThrow("field 'stepJacobians' must be a function, or the system must give both products stepJvp and stepVjp (it gives stepVjp without stepJvp)");
  });

  it('accepts a system that gives products only, and dry-runs them', () => {
    const productsOnly = { ...oscillator(), name: 'products-only', stepJacobians: undefined };
    expect(validateSystem(productsOnly).name).toBe('products-only');
    const badJvp = { ...productsOnly, stepJvp: (out: Float64Array) => void out.fill(NaN) };
    expect(() => validateSystem(badJvp)).toThrow("system 'products-only': field 'stepJvp' must write 2 finite values to out [n]");
  });

  it('rejects a display grid that does not hold the state, and squares that do not fit the target', () => {
    expect(() => validateExperiment(experimentWith({ display: { components: [0], grid: [3, 1] } }))).toThrow("field 'display.grid' must be [rows, cols] of positive integers with rows·cols = stateDim 2, got [3,1]");
    expect(() => validateExperiment(experimentWith({ loss: { ...squaredError(2), squares: { components: [0, 5] } } }))).toThrow("field 'loss.squares.components' must be state indices below 2, got 5");
  });
});

describe('registry', () => {
  it('lists, finds and instantiates with validated overrides', () => {
    const registry = createRegistry([definition('a'), definition('b')]);
    expect(registry.names).toEqual(['a', 'b']);
    expect(instantiate(registry.get('b'), { steps: '5' }).steps).toBe(5);
  });

  it('names an unknown experiment and the known ones', () => {
    expect(() => createRegistry([definition('a')]).get('zz')).toThrow("unknown experiment 'zz'; registered: a");
  });

  it('refuses a duplicate and a badly named plug-in', () => {
    expect(() => createRegistry([definition('a'), definition('a')])).toThrow("'a' is registered twice");
    expect(() => createRegistry([definition('Bad Name')])).toThrow("field 'name' must be kebab-case");
  });

  it('surfaces a broken experiment at instantiation, naming it', () => {
    const broken = definition('broken', { dt: 0 });
    expect(() => instantiate(broken)).toThrow("experiment 'toy': field 'dt'");
  });
});
