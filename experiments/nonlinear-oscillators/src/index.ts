import { returnToStartExperiment } from '@hig-lab/physics-oscillators';

/**
 * The HIG paper's nonlinear oscillators (Schnell, Holl, Thuerey, ICLR 2022): two oscillators
 * coupled only through the quartic potential (alpha = 1, k = 0), control weight 3 on the last,
 * 96 RK4 steps of 0.125, a ReLU controller. SIP's physics inverse is no longer one linear solve:
 * it iterates damped Gauss–Newton steps.
 */
export default returnToStartExperiment({
  name: 'nonlinear-oscillators',
  title: 'Nonlinear oscillators (HIG paper)',
  description: 'Two oscillators with a quartic coupling, controlled on the last one, must return to their start after 96 RK4 steps.',
  physics: { n: 2, k: 0, alpha: 1, controlWeight: 3, Nt: 96, DT: 0.125 },
  methods: {
    GD: { batchSize: 512, learningRate: 3e-4 },
    SIP: { batchSize: 512, learningRate: 3e-4, rcond: 1e-5, inverseIterations: 20, inverseTolerance: 1e-8 },
    HIG: { batchSize: 128, learningRate: 1, rcond: 1e-6, beta: 0.5 },
    GN: { batchSize: 128, learningRate: 1, rcond: 1e-6, beta: 1 },
  },
  activation: 'relu',
});
