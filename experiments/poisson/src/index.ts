import { denseNetwork, methodParameters, methodsFrom, requireMemory, squaredError } from '@hig-lab/core';
import type { Dataset, ExperimentDefinition, MethodDefaults, Rng } from '@hig-lab/core';
import { laplacian, poissonSystem } from './laplacian.js';
import { sineBasis, smoothField } from './smooth-field.js';

/**
 * The HIG paper's Poisson problem (Schnell, Holl, Thuerey, ICLR 2022): on an N×N grid (8×8) with
 * zero boundary, the network (N² → 64 → 128 → 64 → N², tanh) sees y = Δx (5-point stencil) and
 * must output x; loss |Δx_pred − y|². Ground-truth x are smooth random fields. Adam with the
 * paper's learning rate 3e-4; HIG with its learning rate 0.01 and rcond 1e-5 at a batch of 8, so
 * that a step takes well under a second here (the paper's 64: `--set HIG.batchSize=64`, a Gram
 * matrix of 4096 rows, which takes the truncated route). The paper pre-trains with Adam and then
 * switches to HIG: `hig run --method GD … --out A`, then `hig run --method HIG --init-from A/controllers/GD`.
 */
const METHODS: MethodDefaults = {
  GD: { batchSize: 64, learningRate: 3e-4 },
  SIP: { batchSize: 64, learningRate: 3e-4, rcond: 1e-5 },
  HIG: { batchSize: 8, learningRate: 0.01, rcond: 1e-5, beta: 0.5 },
};

/** N² entries of initial state, input and target per sample, float64. */
const DATA_ARRAYS = 3;

function poissonData(rng: Rng, N: number, size: number): Dataset {
  const n = N * N;
  const basis = sineBasis(N);
  const coefficients = new Float64Array(n), scratch = new Float64Array(n), x = new Float64Array(n);
  const y = new Float64Array(size * n);
  for (let b = 0; b < size; b++) {
    smoothField(x, rng, N, basis, coefficients, scratch);
    laplacian(y.subarray(b * n, (b + 1) * n), x, N);
  }
  // The state starts at zero; the network sees y and the final state must match it.
  return { size, initial: new Float64Array(size * n), input: y, target: y };
}

const experiment: ExperimentDefinition = {
  name: 'poisson',
  title: 'Poisson problem (HIG paper)',
  description:
    'A network sees y = Δx on an N×N grid with zero boundary and must output x (loss |Δx_pred − y|²). The paper pre-trains with Adam and then switches to HIG: run GD with --out A, then HIG with --init-from A/controllers/GD.',
  parameters: {
    grid: { default: 8, min: 2, max: 64, integer: true, description: 'grid side N (N×N interior points)' },
    trainSize: { default: 1024, min: 1, max: 1 << 20, integer: true, description: 'training samples' },
    testSize: { default: 256, min: 1, max: 1 << 20, integer: true, description: 'test samples' },
    ...methodParameters(METHODS),
  },
  create(p) {
    const N = p.grid;
    const n = N * N;
    return {
      name: 'poisson',
      title: `Poisson problem, ${N}×${N} grid`,
      system: poissonSystem(N),
      steps: 1,
      dt: 1,
      loss: squaredError(n),
      network: denseNetwork(n, [64, 128, 64], n, 'tanh'),
      methods: methodsFrom(p, METHODS),
      data(rng) {
        // Checked before anything is allocated: the data sets are the one thing here that grows with every size.
        requireMemory('grid, trainSize, testSize', (p.trainSize + p.testSize) * DATA_ARRAYS * n * 8, `data sets of ${p.trainSize} + ${p.testSize} fields of ${N}×${N}`);
        return { train: poissonData(rng.fork('train'), N, p.trainSize), test: poissonData(rng.fork('test'), N, p.testSize) };
      },
      display: { components: [0, 1, 2, 3].filter((c) => c < n), grid: [N, N] },
      parameters: p,
    };
  },
};

export default experiment;
