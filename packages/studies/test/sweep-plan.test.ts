import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MethodName } from '@hig-lab/core';
import { planSweep } from '../src/sweep-plan.js';
import type { SweepDefinition } from '../src/sweep-definition.js';
import { SweepError } from '../src/sweep-error.js';
import { springRegistry } from './fixtures/spring-experiment.js';

const registry = springRegistry();
const sweep = (over: Partial<SweepDefinition> = {}): SweepDefinition => ({
  experiment: 'spring', methods: [], seeds: [1, 2, 3], sets: {}, budget: { maxTime: 10 }, ...over,
});
const count = (runs: readonly { spec: { methods: readonly MethodName[] } }[], m: MethodName) => runs.filter((r) => r.spec.methods[0] === m).length;

describe('planSweep', () => {
  it('runs every configured method once per seed by default, seed-major', () => {
    const { runs } = planSweep(sweep(), registry);
    expect(runs.map((r) => `${r.spec.methods[0]}${r.spec.seed}`)).toEqual(['GD1', 'HIG1', 'GD2', 'HIG2', 'GD3', 'HIG3']);
    expect(runs.every((r) => r.spec.budget.maxTime === 10 && r.spec.route === 'gram' && r.spec.experiment === 'spring')).toBe(true);
  });

  test.prop([fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })], { numRuns: 20 })(
    'gives seeds × (GD settings + HIG settings + GN settings) runs, a method parameter multiplying only the methods it changes',
    (seeds, ks, lrs, rconds) => {
      const sets = {
        k: Array.from({ length: ks }, (_, i) => String(i + 1)),
        'HIG.learningRate': Array.from({ length: lrs }, (_, i) => String(0.1 * (i + 1))),
        'HIG.rcond': Array.from({ length: rconds }, (_, i) => String(10 ** -(i + 3))),
      };
      const { runs } = planSweep(sweep({ methods: ['GD', 'HIG', 'GN'], seeds: Array.from({ length: seeds }, (_, i) => i), sets }), registry);
      // GN has no settings of its own: it borrows HIG's (with beta 1), so HIG's learning rate and rcond change it too.
      expect(count(runs, 'GD')).toBe(seeds * ks);
      expect(count(runs, 'HIG')).toBe(seeds * ks * lrs * rconds);
      expect(count(runs, 'GN')).toBe(seeds * ks * lrs * rconds);
      expect(new Set(runs.map((r) => r.id)).size).toBe(runs.length);
    },
  );

  it("does not multiply GN by HIG's beta, which GN overrides with 1", () => {
    const { runs } = planSweep(sweep({ methods: ['HIG', 'GN'], seeds: [1], sets: { 'HIG.beta': ['0.25', '0.5', '0.75'] } }), registry);
    expect(count(runs, 'HIG')).toBe(3);
    expect(count(runs, 'GN')).toBe(1);
    expect(runs.find((r) => r.spec.methods[0] === 'GN')?.spec.set).toEqual({});
  });

  it('writes values as the numbers they are, so 0.50 and 0.5 are one run', () => {
    const a = planSweep(sweep({ sets: { k: ['2.50'] } }), registry);
    const b = planSweep(sweep({ sets: { k: ['2.5'] } }), registry);
    expect(a.runs[0]?.spec.set).toEqual({ k: '2.5' });
    expect(a.runs.map((r) => r.id)).toEqual(b.runs.map((r) => r.id));
  });

  it.each([
    [{ methods: ['SIP'] as MethodName[] }, "--methods: experiment 'spring' cannot run method 'SIP'; it has GD, HIG, GN"],
    [{ methods: ['XX' as MethodName] }, "--methods: unknown method 'XX'"],
    [{ methods: ['GD', 'GD'] as MethodName[] }, "--methods: method 'GD' is named twice"],
    [{ seeds: [] }, '--seeds: the grid is empty: no seeds'],
    [{ sets: { x: ['1'] } }, "--set: parameter 'x' is unknown; known parameters: k, c, Nt, trainSize"],
    [{ sets: { k: ['11'] } }, "--set: parameter 'k' must be <= 10, got 11"],
    [{ sets: { Nt: ['2.5'] } }, "--set: parameter 'Nt' must be an integer"],
    [{ sets: { k: ['0.5', '0.50'] } }, "--set: parameter 'k' has the value 0.5 twice"],
    [{ sets: { k: [] } }, "--set: parameter 'k' has no values"],
    [{ methods: ['HIG'] as MethodName[], sets: { 'GD.learningRate': ['0.1'] } }, "--set: 'GD.learningRate' changes none of the methods swept (HIG)"],
    [{ sets: { trainSize: ['100', '15'] } }, "--set: parameter 'GD.batchSize' must be <= the training set size 15, got 20"],
    [{ experiment: 'nope' }, "--experiment: unknown experiment 'nope'; registered: spring"],
  ])('rejects %j, naming the flag', (over, message) => {
    expect(() => planSweep(sweep(over), registry)).toThrow(SweepError);
    expect(() => planSweep(sweep(over), registry)).toThrow(message);
  });

  it('refuses a grid of more than 10000 runs unless told yes', () => {
    const big = sweep({ methods: ['GD'], seeds: Array.from({ length: 2001 }, (_, i) => i), sets: { k: ['1', '2', '3', '4', '5'] } });
    expect(() => planSweep(big, registry)).toThrow('--yes: the grid has 10005 runs (2001 seeds × 5 method settings), more than 10000; pass --yes to run them all');
    expect(planSweep(big, registry, { yes: true }).runs).toHaveLength(10005);
  });

  it("names a warm start by its files' digest and keeps its absolute path", () => {
    const dir = mkdtempSync(join(tmpdir(), 'hig-init-'));
    writeFileSync(join(dir, 'model.json'), '{}');
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array([1, 2, 3]));
    const plan = planSweep(sweep({ initFrom: dir }), registry);
    expect(plan.initDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.runs[0]?.spec.initFrom).toBe(dir);
    expect(plan.runs[0]?.id).not.toBe(planSweep(sweep(), registry).runs[0]?.id);
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array([1, 2, 4]));
    expect(planSweep(sweep({ initFrom: dir }), registry).initDigest).not.toBe(plan.initDigest);
    expect(() => planSweep(sweep({ initFrom: join(dir, 'missing') }), registry)).toThrow(`--init-from: '${join(dir, 'missing')}' cannot be read`);
  });
});
