import { denseNetwork, methodParameters, methodsFrom, requireMemory, squaredError } from '@hig-lab/core';
import type { Dataset, ExperimentDefinition, MethodDefaults, Rng } from '@hig-lab/core';
import { heatSystem, regularisedInverse } from './heat-system.js';
import { smoothPeriodicField } from './smooth-periodic-field.js';

/**
 * The SIP paper's heat equation (Holl, Koltun, Thuerey, NeurIPS 2022): a smooth random field x on
 * a periodic N×N grid (32×32) diffuses for a time T, exactly in Fourier space; the network
 * (N² → 128 → 128 → N², tanh) sees the diffused field y = e^{TΔ}x and outputs x̂; loss
 * |e^{TΔ}x̂ − y|². Diffusion damps the field's finer modes by up to e^{−|k|²T}, so the inverse
 * problem is ill-conditioned: SIP inverts the physics with a regularised inverse diffusion,
 * Adam follows the plain gradient. HIG takes the truncated route (its Gram matrix has B·N² rows,
 * 1024 for one sample) at a batch of one, with rcond 1e-3 (diffusion damps the modes it drops by
 * more than 1e-3, where the loss hardly sees them) and learning rate 0.1 (at 1 it diverged).
 */
const METHODS: MethodDefaults = {
  GD: { batchSize: 32, learningRate: 1e-3 },
  SIP: { batchSize: 32, learningRate: 1e-3, rcond: 1e-5 },
  HIG: { batchSize: 1, learningRate: 0.1, rcond: 1e-3, beta: 0.5 },
};

/** N² entries of initial state, input and target per sample, float64. */
const DATA_ARRAYS = 3;

function heatData(rng: Rng, N: number, K: number, diffuse: (out: Float64Array, x: Float64Array) => void, size: number): Dataset {
  const n = N * N;
  const x = new Float64Array(n);
  const y = new Float64Array(size * n);
  for (let b = 0; b < size; b++) diffuse(y.subarray(b * n, (b + 1) * n), smoothPeriodicField(x, rng, N, K));
  // The field starts at zero and the network's output is added at the start of the one step.
  return { size, initial: new Float64Array(size * n), input: y, target: y };
}

const experiment: ExperimentDefinition = {
  name: 'heat-equation',
  title: 'Heat equation (SIP paper)',
  description:
    'Recover the initial field of a periodic 2-D grid from its state after diffusing for a time T (exact in Fourier space); SIP inverts the physics with a regularised inverse diffusion.',
  parameters: {
    grid: { default: 32, min: 4, max: 256, powerOfTwo: true, description: 'grid side N (N×N periodic points; a power of two for the FFT)' },
    T: { default: 0.004, min: 1e-6, max: 1, description: 'diffusion time (diffusivity 1 on the unit square)' },
    modes: { default: 4, min: 1, max: 64, integer: true, description: 'highest wavenumber of the random initial fields' },
    regularization: { default: 1e-5, min: 1e-12, max: 1, description: "ε of SIP's inverse diffusion d/(d² + ε)" },
    trainSize: { default: 1024, min: 1, max: 1 << 20, integer: true, description: 'training samples' },
    testSize: { default: 256, min: 1, max: 1 << 20, integer: true, description: 'test samples' },
    ...methodParameters(METHODS),
  },
  create(p) {
    const N = p.grid;
    const n = N * N;
    const system = heatSystem(N);
    const K = Math.min(p.modes, N / 2 - 1 > 0 ? N / 2 - 1 : 1);
    const inverse = regularisedInverse(N, p.T, p.regularization);
    const zero = new Float64Array(n);
    const diffuse = (out: Float64Array, x: Float64Array): void => system.step(out, zero, x, p.T);
    return {
      name: 'heat-equation',
      title: `Heat equation, ${N}×${N} periodic grid, T=${p.T}`,
      system,
      steps: 1,
      dt: p.T,
      loss: squaredError(n),
      network: denseNetwork(n, [128, 128], n, 'tanh'),
      methods: methodsFrom(p, METHODS),
      data(rng) {
        // Checked before anything is allocated: the data sets are what grows with the grid and the sizes.
        requireMemory('grid, trainSize, testSize', (p.trainSize + p.testSize) * DATA_ARRAYS * n * 8, `data sets of ${p.trainSize} + ${p.testSize} fields of ${N}×${N}`);
        return { train: heatData(rng.fork('train'), N, K, diffuse, p.trainSize), test: heatData(rng.fork('test'), N, K, diffuse, p.testSize) };
      },
      display: { components: [0, 1, 2, 3], grid: [N, N] },
      physicsInverse: (du, dy) => inverse(du, dy),
      parameters: p,
    };
  },
};

export default experiment;
