import { denseNetwork, methodParameters, methodsFrom } from '@hig-lab/core';
import type { Dataset, ExperimentDefinition, MethodDefaults, Rng } from '@hig-lab/core';
import { eigenstate, infidelityLoss, quantumDipole } from '@hig-lab/physics-quantum';

/**
 * The quantum control task of the HIG paper (Schnell, Holl & Thuerey, ICLR 2022): a particle in
 * the box [0, 2] (16 grid points, 14 unknowns) starts in its ground state φ1; a dipole field u(t),
 * one value per Crank–Nicolson step, must bring it to the target
 *   φ* = (c2 φ2 + c3 φ3) / |c2 φ2 + c3 φ3|,   c2, c3 ~ N(0, 1),
 * a real mixture of the 2nd and 3rd eigenstates. Loss per sample 1 - |⟨φ*|ψ(T)⟩|²; the network
 * sees the target's 28 reals [re, im] and outputs the Nt controls.
 */
const METHODS: MethodDefaults = {
  GD: { batchSize: 256, learningRate: 5e-4 },
  HIG: { batchSize: 16, learningRate: 0.5, rcond: 1e-5, beta: 0.5 },
  GN: { batchSize: 16, learningRate: 0.5, rcond: 1e-5, beta: 1 },
};

/**
 * The trajectory view shows Re ψ at x = 0.4, 0.8 | 1.2, 1.6 (grid points 3, 6, 9, 12): two pairs
 * mirrored about the centre x = 1, so the even part (φ1, φ3) moves each pair together and the
 * odd part (φ2) moves them apart.
 */
const DISPLAY_POINTS = [3, 6, 9, 12];

const experiment: ExperimentDefinition = {
  name: 'quantum-dipole',
  title: 'Quantum dipole: ground state to a mix of the 2nd and 3rd eigenstates',
  description:
    'A particle in a box, driven by a dipole field through Nt Crank–Nicolson steps of the Schrödinger equation, must end in a random real superposition of its 2nd and 3rd eigenstates (loss 1 - fidelity).',
  parameters: {
    Nt: { default: 384, min: 1, max: 4000, integer: true, description: 'time steps' },
    DT: { default: 0.05, min: 1e-6, max: 10, description: 'time step length' },
    trainSize: { default: 1024, min: 1, max: 1 << 20, integer: true, description: 'training samples' },
    testSize: { default: 1024, min: 1, max: 1 << 20, integer: true, description: 'test samples' },
    ...methodParameters(METHODS),
  },
  create(p) {
    const system = quantumDipole();
    const dim = system.stateDim;
    const n = dim / 2;
    const [ground, phi2, phi3] = [1, 2, 3].map((k) => eigenstate(k));

    /** Sample b: initial φ1, target and input the normalised c2 φ2 + c3 φ3. */
    const sample = (rng: Rng, size: number): Dataset => {
      const initial = new Float64Array(size * dim);
      const target = new Float64Array(size * dim);
      for (let b = 0; b < size; b++) {
        const [c2, c3] = [rng.normal(), rng.normal()];
        const scale = 1 / Math.hypot(c2, c3); // φ2 ⊥ φ3, both of unit norm
        for (let j = 0; j < n; j++) {
          initial[b * dim + j] = ground[j];
          target[b * dim + j] = scale * (c2 * phi2[j] + c3 * phi3[j]);
        }
      }
      return { size, initial, input: target, target };
    };

    return {
      name: 'quantum-dipole',
      title: `Quantum dipole, Nt=${p.Nt}, DT=${p.DT}`,
      system,
      steps: p.Nt,
      dt: p.DT,
      loss: infidelityLoss(dim),
      network: denseNetwork(dim, [20, 20, 20], p.Nt, 'tanh'),
      methods: methodsFrom(p, METHODS),
      data: (rng) => ({ train: sample(rng.fork('train'), p.trainSize), test: sample(rng.fork('test'), p.testSize) }),
      display: { components: DISPLAY_POINTS.map((j) => j - 1) },
      parameters: p,
    };
  },
};

export default experiment;
