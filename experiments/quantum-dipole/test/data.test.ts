import { describe, expect, it } from '@jest/globals';
import { createRng, instantiate, Rollout } from '@hig-lab/core';
import { eigenstate, norm2 } from '@hig-lab/physics-quantum';
import experiment from '../src/index.js';

describe('quantum-dipole data', () => {
  const exp = instantiate(experiment, { trainSize: 64, testSize: 16 });
  const { train } = exp.data(createRng(42));
  const dim = exp.system.stateDim;
  const n = dim / 2;
  const sampleOf = (a: Float64Array, b: number) => a.slice(b * dim, b * dim + dim);

  it('starts every sample in the ground state (up to a global phase) and aims at a unit real mix of φ2 and φ3', () => {
    const [phi1, phi2, phi3] = [1, 2, 3].map((k) => eigenstate(k));
    const dot = (a: Float64Array, b: Float64Array) => a.reduce((acc, v, i) => acc + v * b[i], 0);
    for (let b = 0; b < train.size; b++) {
      const s0 = sampleOf(train.initial, b);
      const target = sampleOf(train.target, b);
      expect(Math.hypot(dot(s0.slice(0, n), phi1.slice(0, n)), dot(s0.slice(n), phi1.slice(0, n)))).toBeCloseTo(1, 14);
      expect(norm2(target)).toBeCloseTo(1, 14);
      expect(target.slice(n).every((v) => v === 0)).toBe(true);
      expect(dot(target, phi2) ** 2 + dot(target, phi3) ** 2).toBeCloseTo(1, 14);
      expect(Array.from(sampleOf(train.input, b))).toEqual(Array.from(target));
    }
  });

  const rollout = new Rollout(exp.system, exp.steps, exp.dt);
  const finalStates = (u: Float64Array) => rollout.final(new Float64Array(train.size * dim), train.initial, u, train.size);

  // Without control φ1 only turns its phase (CN maps each eigenstate to a multiple of itself), so
  // ψ(T) = e^{-iθ}φ1 + δ with |δ| < Nt·100ε (the eigenstate test's bound), and the target, in the
  // span of φ2 and φ3, overlaps it by at most |δ| + O(ε): |⟨φ*|ψ⟩|² < 1e-22. 1 - x rounds to
  // exactly 1 for any x < ε/4, so the loss is exactly 1.
  it('has loss 1 after a rollout without control (φ1 keeps its direction, φ1 ⊥ φ2, φ3)', () => {
    const y = finalStates(new Float64Array(train.size * exp.steps));
    for (let b = 0; b < train.size; b++) expect(exp.loss.value(sampleOf(y, b), sampleOf(train.target, b))).toBe(1);
  });

  it('keeps every sample of a batch normalised through a controlled rollout', () => {
    const u = Float64Array.from({ length: train.size * exp.steps }, (_, i) => Math.sin(0.01 * i));
    const y = finalStates(u);
    for (let b = 0; b < train.size; b++) expect(norm2(sampleOf(y, b))).toBeCloseTo(1, 12);
  });

  it('has the paper controller: 28 inputs, three tanh layers of 20, Nt linear outputs', () => {
    const tanh20 = { units: 20, activation: 'tanh' };
    expect(exp.network).toEqual({ inputDim: 28, layers: [tanh20, tanh20, tanh20, { units: exp.steps, activation: 'linear' }] });
  });

  it('configures GD, HIG and GN (no SIP), overridable as parameters', () => {
    expect(Object.keys(exp.methods).sort()).toEqual(['GD', 'GN', 'HIG']);
    expect(exp.methods.GN).toEqual({ batchSize: 16, learningRate: 0.5, rcond: 1e-5, beta: 1 });
    expect(instantiate(experiment, { 'GN.beta': 0.75 }).methods.GN?.beta).toBe(0.75);
    expect(exp.display.components.map((c) => exp.system.stateNames[c])).toEqual(['re3', 're6', 're9', 're12']);
  });
});
