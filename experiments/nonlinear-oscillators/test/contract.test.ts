import { describe, expect, it } from '@jest/globals';
import { instantiate, Rollout } from '@hig-lab/core';
import { describeExperimentContract } from '@hig-lab/core/testkit';
import experiment from '../src/index.js';

describeExperimentContract(experiment);

describe('nonlinear-oscillators', () => {
  it('has the paper settings and nonlinear physics (no affine shortcut)', () => {
    const exp = instantiate(experiment);
    expect(exp.system.params).toEqual({ n: 2, k: 0, alpha: 1, controlWeight: 3 });
    expect([exp.steps, exp.dt]).toEqual([96, 0.125]);
    expect(exp.network.layers.map((l) => `${l.units}${l.activation}`)).toEqual(['20relu', '20relu', '20relu', '96linear']);
    expect(new Rollout(exp.system, exp.steps, exp.dt).isAffine).toBe(false);
  });
});
