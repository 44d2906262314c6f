import { describeExperimentContract } from '@hig-lab/core/testkit';
import experiment from '../src/index.js';

describeExperimentContract(experiment);
// A grid that is not a multiple of the network's block widths.
describeExperimentContract(experiment, { overrides: { grid: 5 } });
