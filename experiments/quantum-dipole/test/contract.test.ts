import { describeExperimentContract } from '@hig-lab/core/testkit';
import experiment from '../src/index.js';

// Controls up to ±10 (the kit's default is ±1): there the dipole term u·x, up to 20, outweighs
// the energies of the low modes the task lives in, so the derivatives and the norm are checked
// far from the weakly driven regime too.
describeExperimentContract(experiment, { system: { controlRange: [-10, 10] } });
