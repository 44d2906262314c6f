/**
 * The files of a new experiment package: a small ODE system (a pendulum swung from rest to a
 * target angle), its Jacobians, energy and power, the registration flag, and a test file that
 * runs the contract kit.
 */
export function experimentFiles(name: string): Record<string, string> {
  const title = name.replace(/-/g, ' ');
  return {
    'package.json': json({
      name: `@hig-lab/experiment-${name}`,
      version: '0.1.0',
      private: true,
      description: `The ${title} experiment.`,
      type: 'module',
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      scripts: {
        build: 'tsc -p tsconfig.build.json',
        typecheck: 'tsc -p tsconfig.json --noEmit',
        test: 'node --experimental-vm-modules --disable-warning=ExperimentalWarning ../../node_modules/jest/bin/jest.js --json --outputFile=.jest-results.json',
      },
      dependencies: { '@hig-lab/core': '*' },
      higLab: { experiment: true },
    }),
    'tsconfig.json': json({ extends: '../../tsconfig.base.json', compilerOptions: { noEmit: true }, include: ['src', 'test'] }),
    'tsconfig.build.json': json({ extends: '../../tsconfig.base.json', compilerOptions: { rootDir: 'src', outDir: 'dist', types: ['node'] }, include: ['src'] }),
    'jest.config.js': "export { default } from '../../jest.base.js';\n",
    'src/index.ts': source(name, title),
    'test/contract.test.ts': `import { describeExperimentContract } from '@hig-lab/core/testkit';
import experiment from '../src/index.js';

// The same property tests every system passes: derivatives, convergence order, energy, data.
describeExperimentContract(experiment);
`,
  };
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

function source(name: string, title: string): string {
  return `import { defineOdeSystem, denseNetwork, methodParameters, methodsFrom, squaredError } from '@hig-lab/core';
import type { Dataset, ExperimentDefinition, MethodDefaults, Rng } from '@hig-lab/core';

/**
 * ${title}: a pendulum, angle a and rate w, driven by a torque u:
 *   da/dt = w,  dw/dt = -g sin(a) + u,  E = g (1 - cos a) + w²/2,  dE/dt = w u.
 * Task: from rest, reach a random target angle at rest after Nt steps.
 */
function pendulum(g: number) {
  return defineOdeSystem({
    name: '${name}',
    stateDim: 2,
    controlDim: 1,
    params: { g },
    stateNames: ['angle', 'rate'],
    rhs(out, s, u) {
      out[0] = s[1];
      out[1] = -g * Math.sin(s[0]) + u[0];
    },
    jacobians(fs, fu, s) {
      fs.set([0, 1, -g * Math.cos(s[0]), 0]);
      fu.set([0, 1]);
    },
    energy: (s) => g * (1 - Math.cos(s[0])) + 0.5 * s[1] ** 2,
    power: (s, u) => s[1] * u[0],
  });
}

const METHODS: MethodDefaults = {
  GD: { batchSize: 128, learningRate: 1e-3 },
  SIP: { batchSize: 128, learningRate: 1e-3, rcond: 1e-5, inverseIterations: 10, inverseTolerance: 1e-8 },
  HIG: { batchSize: 16, learningRate: 1, rcond: 1e-8, beta: 0.5 },
};

function targets(rng: Rng, size: number): Dataset {
  const target = new Float64Array(2 * size);
  for (let i = 0; i < size; i++) target[2 * i] = rng.uniform() - 0.5;
  return { size, initial: new Float64Array(2 * size), input: target, target };
}

const experiment: ExperimentDefinition = {
  name: '${name}',
  title: '${title}',
  description: 'Swing a pendulum from rest to a target angle in Nt RK4 steps.',
  parameters: {
    g: { default: 1, min: 0, max: 100, description: 'gravity' },
    Nt: { default: 20, min: 1, max: 1000, integer: true, description: 'time steps' },
    DT: { default: 0.1, min: 1e-4, max: 1, description: 'time step length' },
    trainSize: { default: 1024, min: 16, max: 1 << 20, integer: true, description: 'training samples' },
    testSize: { default: 1024, min: 16, max: 1 << 20, integer: true, description: 'test samples' },
    ...methodParameters(METHODS),
  },
  create: (p) => ({
    name: '${name}',
    title: \`${title}, g=\${p.g}, Nt=\${p.Nt}\`,
    system: pendulum(p.g),
    steps: p.Nt,
    dt: p.DT,
    loss: squaredError(2),
    network: denseNetwork(2, [16, 16], p.Nt, 'tanh'),
    methods: methodsFrom(p, METHODS),
    data: (rng) => ({ train: targets(rng.fork('train'), p.trainSize), test: targets(rng.fork('test'), p.testSize) }),
    display: { components: [0] },
    parameters: p,
  }),
};

export default experiment;
`;
}
