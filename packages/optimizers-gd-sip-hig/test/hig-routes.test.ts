import { describe, expect, it } from '@jest/globals';
import { createRng } from '@hig-lab/core';
import type { Experiment } from '@hig-lab/core';
import { scaledMaxError } from '@hig-lab/core/testkit';
import { initParams } from '@hig-lab/network';
import { createMethod, DENSE_GRAM_MAX_WORK, denseGramWork, halfInverseGradients, Problem, resolveRoute } from '../src/index.js';
import type { HalfInverseRoute } from '../src/index.js';
import { dataOf, productsOnly, smallExperiment } from './fixtures.js';

function stepOf(exp: Experiment, name: 'HIG' | 'GN', route: HalfInverseRoute, B: number): Float64Array {
  const problem = new Problem(exp, B);
  const params = initParams(exp.network, createRng(5));
  const before = params.slice();
  createMethod(name, problem, { ...exp.methods.HIG!, batchSize: B, learningRate: 1 }, { route }).update(params, dataOf(exp).train, 0);
  return before.map((v, i) => v - params[i]);
}

describe('HIG by products only', () => {
  // Linear (affine) and quartic (nonlinear) oscillators; 4 and 6 samples of 4 states.
  const cases: [string, Experiment, number][] = [
    ['linear oscillators', smallExperiment(), 4],
    ['quartic oscillators', smallExperiment({ alpha: 1, k: 0, controlWeight: 3, Nt: 16, DT: 0.25 }), 6],
  ];

  it.each(cases)('takes the dense Gram route\'s step on physics that gives products only (%s)', (_label, exp, B) => {
    for (const name of ['HIG', 'GN'] as const) {
      // The same Gram matrix, its physics rows taken by adjoint sweeps instead of dense chains.
      expect(scaledMaxError(stepOf(productsOnly(exp), name, 'dense', B), stepOf(exp, name, 'dense', B))).toBeLessThan(1e-9);
    }
  });

  it.each(cases)('takes, by Lanczos on J Jᵀ, the step of the dense Gram route once its Krylov space is complete (%s)', (_label, exp, B) => {
    for (const name of ['HIG', 'GN'] as const) {
      const dense = stepOf(exp, name, 'dense', B);
      // Both square cond(J): at initialisation cond(J)² ~1e4..1e6, so agreement to ~1e-6 of the step.
      expect(scaledMaxError(stepOf(productsOnly(exp), name, 'lanczos', B), dense)).toBeLessThan(1e-6);
      expect(scaledMaxError(stepOf(exp, name, 'lanczos', B), dense)).toBeLessThan(1e-6);
    }
  });

  it('reports the truncated solve: its steps, the directions kept, whether it converged', () => {
    const exp = smallExperiment();
    const B = 4;
    const problem = new Problem(productsOnly(exp), B);
    const method = halfInverseGradients(problem, { ...exp.methods.HIG!, batchSize: B }, 'HIG', 'lanczos');
    expect(method.route).toBe('lanczos');
    expect(method.lastSolve).toBeNull();
    method.update(initParams(exp.network, createRng(1)), dataOf(exp).train, 0);
    const report = method.lastSolve!;
    expect(report.converged).toBe(true);
    expect(report.kept).toBeGreaterThan(0);
    expect(report.kept).toBeLessThanOrEqual(B * 4);
    expect(report.steps).toBeLessThanOrEqual(B * 4);
    expect(method.lastKept).toBe(report.kept);
  });

  it('counts the directions the dense route keeps: as many as a complete Lanczos solve keeps, none on the SVD route', () => {
    const exp = smallExperiment();
    const B = 4;
    const kept = (route: 'dense' | 'lanczos' | 'svd') => {
      const method = halfInverseGradients(new Problem(exp, B), { ...exp.methods.HIG!, batchSize: B, rcond: 1e-3 }, 'HIG', route);
      expect(method.lastKept).toBeNull();
      method.update(initParams(exp.network, createRng(1)), dataOf(exp).train, 0);
      return method.lastKept;
    };
    const dense = kept('dense');
    expect(dense).toBeGreaterThan(0);
    expect(dense).toBe(kept('lanczos'));
    expect(kept('svd')).toBeNull();
  });

  it('decomposes the Gram matrix densely for physics with dense Jacobians; for products only while rows²·(S + 4/3·rows) stays below the limit; a named route whatever the size', () => {
    // Products only, a small network (S = 320, the Poisson problem's): dense at 8 × 64 rows and at 16 × 64, truncated at 64 × 64.
    expect(resolveRoute('gram', 512, 320, true)).toBe('dense');
    expect(resolveRoute('gram', 1024, 320, true)).toBe('dense');
    expect(resolveRoute('gram', 4096, 320, true)).toBe('lanczos');
    // A wide network (S = 1280, the heat equation's): one 32×32 sample is already past the limit.
    expect(denseGramWork(1024, 1280)).toBeGreaterThan(DENSE_GRAM_MAX_WORK);
    expect(resolveRoute('gram', 1024, 1280, true)).toBe('lanczos');
    // Dense Jacobians: dense at any size (6 nonlinear oscillators at batch 128, 1536 rows, past the limit).
    expect(denseGramWork(1536, 156)).toBeGreaterThan(DENSE_GRAM_MAX_WORK);
    expect(resolveRoute('gram', 1536, 156, false)).toBe('dense');
    expect(resolveRoute('gram', 4096, 320, false)).toBe('dense');
    // A named route is taken whatever the size and the physics.
    expect(resolveRoute('dense', 8192, 320, true)).toBe('dense');
    expect(resolveRoute('lanczos', 4, 3, false)).toBe('lanczos');
    expect(resolveRoute('svd', 8192, 320, true)).toBe('svd');
  });
});
