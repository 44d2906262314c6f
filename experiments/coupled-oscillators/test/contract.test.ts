import { describeExperimentContract } from '@hig-lab/core/testkit';
import experiment from '../src/index.js';

describeExperimentContract(experiment);
// Four oscillators over twice the steps, and the quartic coupling (no exact flow: the
// convergence reference becomes the finer RK4).
describeExperimentContract(experiment, { overrides: { n: 4, Nt: 48 } });
describeExperimentContract(experiment, { overrides: { alpha: 1, controlWeight: 3, k: 0, Nt: 96, DT: 0.125 } });
