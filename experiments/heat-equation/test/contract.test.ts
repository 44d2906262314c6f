import { describeExperimentContract } from '@hig-lab/core/testkit';
import experiment from '../src/index.js';

describeExperimentContract(experiment, { system: { numRuns: 6 } });
describeExperimentContract(experiment, { overrides: { grid: 8, T: 0.05 } });
