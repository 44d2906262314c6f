import { describe, expect, it } from '@jest/globals';
import type { ExperimentDefinition } from '../experiment.js';
import { instantiate } from '../registry.js';
import { createRng } from '../rng.js';
import { describeSystemContract } from './describe-system.js';
import type { SystemContractOptions } from './describe-system.js';
import { centralDifferenceJacobian, scaledMaxError } from './finite-differences.js';
import { FD_TOLERANCE } from './describe-system.js';

/**
 * The contract tests of an experiment package, with its default parameters (or `overrides`):
 * its system's contract over the experiment's horizon, reproducible finite data, and a loss
 * gradient equal to central differences. An experiment's whole test file is one call.
 */
export function describeExperimentContract(
  def: ExperimentDefinition,
  options: { overrides?: Record<string, number>; system?: Partial<SystemContractOptions> } = {},
): void {
  const exp = instantiate(def, options.overrides);
  describeSystemContract(exp.system, { steps: exp.steps, dt: exp.dt, ...options.system });

  describe(`experiment '${def.name}'`, () => {
    const small = instantiate(def, { ...options.overrides, ...smallSets(def) });
    const n = exp.system.stateDim;

    it('draws the same finite data from the same seed, and other data from another', () => {
      const a = small.data(createRng(7));
      const b = small.data(createRng(7));
      const c = small.data(createRng(8));
      for (const set of [a.train, a.test]) {
        expect(set.initial.length).toBe(set.size * n);
        expect(set.input.length).toBe(set.size * small.network.inputDim);
        expect(set.target.length).toBe(set.size * small.loss.targetDim);
        expect(set.initial.every(Number.isFinite) && set.input.every(Number.isFinite) && set.target.every(Number.isFinite)).toBe(true);
      }
      const all = (set: typeof a.train) => [...set.initial, ...set.input, ...set.target];
      expect(all(b.train)).toEqual(all(a.train));
      expect(all(c.train)).not.toEqual(all(a.train));
      expect(all(a.test)).not.toEqual(all(a.train));
    });

    it('has a loss gradient equal to central differences', () => {
      const { train } = small.data(createRng(3));
      const k = small.loss.targetDim;
      for (let b = 0; b < Math.min(train.size, 8); b++) {
        const y = train.initial.slice(b * n, b * n + n).map((v, i) => v + 0.1 * Math.sin(i + b));
        const target = train.target.slice(b * k, b * k + k);
        const grad = new Float64Array(n);
        small.loss.gradient(grad, y, target);
        const fd = centralDifferenceJacobian((out, x) => void (out[0] = small.loss.value(x, target)), y, 1);
        expect(scaledMaxError(grad, fd)).toBeLessThan(FD_TOLERANCE);
      }
    });

    const squares = small.loss.squares;
    if (squares) {
      it('has a loss equal to the sum of squares it declares (to rounding)', () => {
        const { train } = small.data(createRng(4));
        const k = small.loss.targetDim;
        for (let b = 0; b < Math.min(train.size, 8); b++) {
          const y = train.initial.slice(b * n, b * n + n).map((v, i) => v + 0.3 * Math.cos(i + 2 * b));
          const target = train.target.slice(b * k, b * k + k);
          let expected = 0;
          squares.components.forEach((c, i) => (expected += (squares.weights?.[i] ?? 1) * (y[c] - target[i]) ** 2));
          const value = small.loss.value(y, target);
          // Sums of k non-negative terms: rounding is a few ulps of the total per term.
          expect(Math.abs(value - expected)).toBeLessThanOrEqual(4 * k * Number.EPSILON * Math.max(expected, Number.MIN_VALUE));
        }
      });
    }
  });
}

/** Overrides that shrink the data sets, when the experiment declares them, to keep tests fast. */
function smallSets(def: ExperimentDefinition): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of ['trainSize', 'testSize']) if (def.parameters[name]) out[name] = Math.max(def.parameters[name].min ?? 1, 16);
  return out;
}
