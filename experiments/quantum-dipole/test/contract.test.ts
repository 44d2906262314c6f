import { describeExperimentContract } from '@hig-lab/core/testkit';
import experiment from '../src/index.js';

describeExperimentContract(experiment);
