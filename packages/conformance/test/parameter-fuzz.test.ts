import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { join } from 'node:path';
import { availableMethods, experimentPackages, findWorkspaceRoot, instantiate, methodConfig } from '@hig-lab/core';
import type { Experiment, ExperimentDefinition, ParameterSpec } from '@hig-lab/core';
import { paramCount } from '@hig-lab/network';
import { Session } from '@hig-lab/optimizers-gd-sip-hig';

// Every method of every registered experiment, anywhere in its declared parameter space, trains a
// few batches or ends diverged with a reason; it never throws. Draws are kept cheap: sizes are
// halved towards their lower bounds until a rough operation count fits COST_BUDGET. A fixed seed
// in CI (FC_SEED to replay one), a random one locally.
const definitions: ExperimentDefinition[] = [];
for (const pkg of experimentPackages(findWorkspaceRoot())) {
  definitions.push(((await import(join(pkg.dir, 'src', 'index.ts'))) as { default: ExperimentDefinition }).default);
}

const COST_BUDGET = 3e7;
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261130 : Date.now() % 2 ** 31;
const numRuns = process.env.FC_NUM_RUNS ? Number(process.env.FC_NUM_RUNS) : 6;

/** A value within a spec's bounds, spread over orders of magnitude where the range is wide. */
function valueOf(spec: ParameterSpec): fc.Arbitrary<number> {
  const lo = spec.min ?? Math.min(spec.default, 0) - 10 * Math.max(1, Math.abs(spec.default));
  const hi = spec.max ?? Math.max(spec.default, 0) + 10 * Math.max(1, Math.abs(spec.default));
  const wide = lo > 0 && hi / lo > 100;
  const draw = wide
    ? fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map((x) => Math.min(hi, Math.max(lo, Math.exp(x))))
    : fc.double({ min: lo, max: hi, noNaN: true });
  if (spec.powerOfTwo) {
    const exponents = fc.integer({ min: Math.ceil(Math.log2(Math.max(1, lo))), max: Math.floor(Math.log2(hi)) }).map((k) => 2 ** k);
    return fc.oneof({ weight: 1, arbitrary: fc.constantFrom(spec.default) }, { weight: 4, arbitrary: exponents });
  }
  const value = spec.integer ? draw.map((x) => Math.min(Math.floor(hi), Math.max(Math.ceil(lo), Math.round(x)))) : draw;
  return fc.oneof({ weight: 1, arbitrary: fc.constantFrom(spec.default, lo, hi) }, { weight: 4, arbitrary: value });
}

/** A rough count of the operations of the evaluations and one epoch of every method. */
function cost(experiment: Experiment): number {
  const n = experiment.system.stateDim;
  const steps = experiment.steps;
  const m = experiment.system.controlDim;
  const P = paramCount(experiment.network);
  const { trainSize, testSize } = experiment.parameters;
  let total = 2 * ((trainSize ?? 1024) + (testSize ?? 1024)) * (steps * n * n + P);
  for (const name of availableMethods(experiment)) {
    const B = methodConfig(experiment, name)!.batchSize;
    const rows = B * n;
    const sensitivities = B * steps * n * n * (n + m);
    const inverse = (experiment.methods.SIP?.inverseIterations ?? 1) * 13; // Gauss–Newton steps × line-search halvings
    const batches = Math.floor((trainSize ?? 1024) / B);
    total += batches * (name === 'GD' ? B * (steps * n * n + P) : name === 'SIP' ? inverse * sensitivities : sensitivities + rows * rows * (rows + P / 8));
  }
  return total;
}

/** Halves every integer size above its lower bound until the cost fits (or nothing can shrink): a cheap point of the same space. */
function affordable(def: ExperimentDefinition, values: Record<string, number>): Record<string, number> {
  const v = { ...values };
  const batchNames = Object.keys(def.parameters).filter((k) => k.endsWith('.batchSize'));
  const fit = (): void => {
    // Batches fit the training set, which is at most four of the largest batch: a few updates an epoch.
    const largest = Math.max(1, ...batchNames.map((k) => v[k]));
    if (def.parameters.trainSize) v.trainSize = Math.min(def.parameters.trainSize.max ?? Infinity, Math.max(largest, Math.min(v.trainSize, 4 * largest)));
    for (const k of batchNames) v[k] = Math.min(v[k], v.trainSize ?? v[k]);
  };
  for (;;) {
    fit();
    if (cost(instantiate(def, v)) <= COST_BUDGET) return v;
    // Halving keeps a power of two a power of two.
    const shrinkable = Object.entries(def.parameters).filter(([k, s]) => (s.integer || s.powerOfTwo) && v[k] > Math.max(1, s.min ?? 1));
    if (shrinkable.length === 0) return v;
    for (const [name, spec] of shrinkable) v[name] = Math.max(spec.min ?? 1, Math.floor(v[name] / 2));
  }
}

describe.each(definitions.map((def) => [def.name, def] as const))('%s anywhere in its parameter space', (_name, def) => {
  const parameters = fc.record(Object.fromEntries(Object.entries(def.parameters).map(([k, spec]) => [k, valueOf(spec)])));

  it('trains every method a few batches, or ends it diverged with a reason; nothing throws', async () => {
    await fc.assert(
      fc.asyncProperty(parameters, fc.integer({ min: 0, max: 2 ** 32 - 1 }), async (drawn, runSeed) => {
        const values = affordable(def, drawn);
        const experiment = instantiate(def, values);
        const session = new Session({ experiment, methods: availableMethods(experiment), seed: runSeed, budget: { maxEpochs: 1 }, yieldEvery: 1000 });
        const result = await session.run();
        for (const m of result.methods) {
          if (m.status !== 'done' && m.status !== 'diverged') throw new Error(`${m.name} ended ${m.status}: ${m.reason}`);
          if (m.status === 'diverged') expect(m.reason).toMatch(/non-finite/);
          else for (const r of m.epochs) expect(Number.isFinite(r.trainLoss) && Number.isFinite(r.testLoss)).toBe(true);
        }
      }),
      { seed, numRuns, endOnFailure: true },
    );
  });
});
