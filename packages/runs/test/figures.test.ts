import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry, createRng, defineOdeSystem, experimentPackages, findWorkspaceRoot, validateExperiment } from '@hig-lab/core';
import type { Dataset, Experiment, FinalStateLoss } from '@hig-lab/core';
import coupled from '@hig-lab/experiment-coupled-oscillators';
import { selectBackend } from '@hig-lab/network';
import { comparisonPlot, saveTrajectoryFigure, trainRun, trajectoryFigure } from '../src/index.js';
import type { ResultsFile } from '../src/index.js';

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hig-save-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const STEPS = 6;

/** Loss on the first `dim` components of the state only: its target is not state-shaped. */
function positionsLoss(dim: number): FinalStateLoss {
  return {
    targetDim: dim,
    value: (y, target) => Array.from({ length: dim }, (_, i) => ((y[i] ?? 0) - (target[i] ?? 0)) ** 2).reduce((a, b) => a + b, 0),
    gradient: (out, y, target) => {
      out.fill(0);
      for (let i = 0; i < dim; i++) out[i] = 2 * ((y[i] ?? 0) - (target[i] ?? 0));
    },
  };
}

/**
 * Three masses under constant gravity, each pushed by two controls (six states, two controls
 * per mass): larger than the built-ins' states, several controls per step, constant forcing,
 * a loss on the positions only and six displayed components (more than the figure shows).
 */
function fallingMasses(): Experiment {
  const system = defineOdeSystem({
    name: 'falling-masses',
    stateDim: 6,
    controlDim: 6,
    stateNames: ['y1', 'y2', 'y3', 'w1', 'w2', 'w3'],
    rhs(out, s, u) {
      for (let i = 0; i < 3; i++) {
        out[i] = s[3 + i] ?? 0;
        out[3 + i] = -9.81 + (u[2 * i] ?? 0) - 0.5 * (u[2 * i + 1] ?? 0);
      }
    },
    jacobians(fs, fu) {
      fs.fill(0);
      fu.fill(0);
      for (let i = 0; i < 3; i++) {
        fs[i * 6 + 3 + i] = 1;
        fu[(3 + i) * 6 + 2 * i] = 1;
        fu[(3 + i) * 6 + 2 * i + 1] = -0.5;
      }
    },
  });
  const sample = (size: number): Dataset => {
    const rng = createRng(3);
    const initial = new Float64Array(size * 6);
    for (let i = 0; i < initial.length; i++) initial[i] = rng.uniform();
    const target = new Float64Array(size * 3).fill(1);
    return { size, initial, input: initial.slice(0, size * 3), target };
  };
  return validateExperiment({
    name: 'falling-masses',
    title: 'Three falling masses',
    system,
    steps: STEPS,
    dt: 0.1,
    loss: positionsLoss(3),
    network: { inputDim: 3, layers: [{ units: 4, activation: 'tanh' }, { units: STEPS * 6, activation: 'linear' }] },
    methods: { GD: { batchSize: 2, learningRate: 1e-3 } },
    data: () => ({ train: sample(4), test: sample(2) }),
    display: { components: [0, 1, 2, 3, 4, 5] },
    parameters: {},
  });
}

/** Weights of the masses' network, all zero: its controls are zero, so it does nothing. */
const ZERO_WEIGHTS = new Float64Array(3 * 4 + 4 + 4 * STEPS * 6 + STEPS * 6);

const panelTitles = (svg: string): string[] => [...svg.matchAll(/class="panel-title"[^>]*>([^<]*)</g)].map((m) => m[1] ?? '');
const pathsD = (svg: string): string[] => [...svg.matchAll(/<path d="([^"]*)"[^>]*class="series"/g)].map((m) => m[1] ?? '');

describe('trajectoryFigure', () => {
  const masses = fallingMasses();
  const data = masses.data(createRng(1)).test;

  it('shows the first test samples, at most four components, no target for a positions-only loss', () => {
    const svg = trajectoryFigure(masses, data, [{ name: 'still', weights: ZERO_WEIGHTS }]);
    // Two test samples only (fewer than three), four of the six components.
    expect(panelTitles(svg)).toEqual(['test sample 0 · y1', 'test sample 0 · y2', 'test sample 0 · y3', 'test sample 0 · w1', 'test sample 1 · y1', 'test sample 1 · y2', 'test sample 1 · y3', 'test sample 1 · w1']);
    expect(svg).toContain('Three falling masses: test trajectories (4 of 6 components)');
    expect(svg).not.toContain('>target<');
  });

  it('draws a controller whose controls are zero exactly on the uncontrolled run', () => {
    const d = pathsD(trajectoryFigure(masses, data, [{ name: 'still', weights: ZERO_WEIGHTS }]));
    // Per panel: no control, then the controller.
    expect(d).toHaveLength(8 * 2);
    for (let panel = 0; panel < 8; panel++) expect(d[2 * panel + 1]).toBe(d[2 * panel]);
  });

  it('saves trajectory.svg and trajectory.png and returns their paths', () => {
    const dir = freshDir();
    const paths = saveTrajectoryFigure(dir, masses, data, [{ name: 'still', weights: ZERO_WEIGHTS }]);
    expect(paths).toEqual([join(dir, 'trajectory.svg'), join(dir, 'trajectory.png')]);
    expect(readFileSync(paths[0] ?? '', 'utf8')).toContain('<svg');
    expect(readFileSync(paths[1] ?? '').subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('trajectoryFigure of a field', () => {
  it('draws the final fields of an experiment displayed as a grid as heat maps: target, no control, each controller', async () => {
    const { default: poisson } = await import('@hig-lab/experiment-poisson');
    const exp = poisson.create({ ...Object.fromEntries(Object.entries(poisson.parameters).map(([k, v]) => [k, v.default])), grid: 5, trainSize: 4, testSize: 3 });
    const data = exp.data(createRng(2)).test;
    const P = exp.network.layers.reduce((acc, l, i, all) => acc + ((i === 0 ? exp.network.inputDim : all[i - 1].units) + 1) * l.units, 0);
    const svg = trajectoryFigure(exp, data, [{ name: 'HIG', weights: new Float64Array(P) }]);
    expect(svg).toContain('Poisson problem, 5×5 grid: final test fields');
    expect(panelTitles(svg)).toEqual(['test sample 0 · target', 'test sample 0 · no control', 'test sample 0 · HIG', 'test sample 1 · target', 'test sample 1 · no control', 'test sample 1 · HIG', 'test sample 2 · target', 'test sample 2 · no control', 'test sample 2 · HIG']);
    // 25 cells and a frame per map, no curves.
    expect(svg.match(/<g class="field">/g)).toHaveLength(9);
    expect(pathsD(svg)).toHaveLength(0);
  });
});

describe('a saved run', () => {
  const pkg = experimentPackages(findWorkspaceRoot()).find((p) => p.name === '@hig-lab/experiment-coupled-oscillators')!;
  const registry = createRegistry([{ definition: coupled, package: pkg }]);
  beforeAll(async () => void (await selectBackend('cpu')));

  it('has the loss figure with test losses and the trajectory figure beside results and controllers', async () => {
    const outDir = join(freshDir(), 'out');
    const set = { trainSize: '64', testSize: '8', 'GD.batchSize': '32', 'HIG.batchSize': '8' };
    const { paths } = await trainRun({ experiment: 'coupled-oscillators', methods: ['GD', 'HIG'], seed: 3, set, budget: { maxEpochs: 2 } }, { outDir, registry, backend: 'cpu' });
    for (const name of ['loss.svg', 'loss.png', 'trajectory.svg', 'trajectory.png', 'results.csv', 'results.json']) expect(paths).toContain(join(outDir, name));
    const loss = readFileSync(join(outDir, 'loss.svg'), 'utf8');
    expect(loss.match(/stroke-dasharray="6 4"[^>]*class="series"/g)).toHaveLength(2);
    const trajectories = readFileSync(join(outDir, 'trajectory.svg'), 'utf8');
    // The loss has the state as its target: three samples, two components; target, no control, GD, HIG.
    expect(panelTitles(trajectories)).toHaveLength(6);
    expect(pathsD(trajectories)).toHaveLength(6 * 4);
    // Trained controllers steer: their runs differ from the uncontrolled one.
    const [, uncontrolled, gd] = pathsD(trajectories);
    expect(gd).not.toBe(uncontrolled);
    expect(readFileSync(join(outDir, 'trajectory.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('comparisonPlot', () => {
  const results: ResultsFile = {
    experiment: 'cart',
    title: 'Cart',
    seed: 1,
    backend: 'cpu',
    createdAt: '',
    codeVersion: 'cart@0+0',
    run: { experiment: 'cart', methods: ['GD'], seed: 1, set: {}, budget: {} },
    parameters: {},
    wallTime: 3,
    methods: {
      GD: {
        config: { batchSize: 4, learningRate: 1e-2 },
        status: 'done',
        epochs: [0, 1, 2, 3, 4].map((epoch) => ({ epoch, time: 0.37 * epoch, wallTime: epoch, trainLoss: 10 ** -epoch, testLoss: 2 * 10 ** -epoch })),
      },
    },
  };
  const xLabels = (svg: string): string[] => [...svg.matchAll(/text-anchor="middle"[^>]*class="tick-label"[^>]*>([^<]*)</g)].map((m) => m[1] ?? '');

  it('puts training time on the x axis by default', () => {
    const svg = comparisonPlot(results);
    expect(svg).toContain('>Training time [s]<');
    expect(svg).toContain('>Cart: train and test loss<');
    expect(xLabels(svg)).toContain('1.0');
  });

  it('puts epochs on the x axis when asked, at whole numbers', () => {
    const svg = comparisonPlot(results, 'epoch');
    expect(svg).toContain('>Epoch<');
    expect(xLabels(svg)).toEqual(['0', '1', '2', '3', '4']);
  });
});
