import { returnToStartExperiment } from '@hig-lab/physics-oscillators';

/** The seed's experiment: two linearly coupled oscillators, 24 RK4 steps of 0.5, a tanh controller. */
export default returnToStartExperiment({
  name: 'coupled-oscillators',
  title: 'Coupled oscillators: return to the start',
  description: 'A chain of coupled oscillators, controlled on the last one, must return to its initial state after Nt RK4 steps.',
  physics: { n: 2, k: 0.2, alpha: 0, controlWeight: 1, Nt: 24, DT: 0.5 },
  methods: {
    GD: { batchSize: 256, learningRate: 1e-3 },
    SIP: { batchSize: 256, learningRate: 1e-3, rcond: 1e-5 },
    HIG: { batchSize: 32, learningRate: 1, rcond: 1e-10, beta: 0.5 },
  },
  activation: 'tanh',
});
