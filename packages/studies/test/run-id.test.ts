import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { runId } from '../src/run-id.js';
import type { RunSpec } from '../src/run-spec.js';

const base: RunSpec = {
  experiment: 'spring', methods: ['HIG'], seed: 3, set: { 'HIG.learningRate': '0.5', k: '2' }, budget: { maxTime: 60 }, route: 'gram',
};

describe('runId', () => {
  it('reads method and seed, then a 12-digit hash', () => {
    expect(runId(base)).toMatch(/^HIG-s3-[0-9a-f]{12}$/);
  });

  it('is the same for the same run written differently: key order, number spelling, the default route and cadence', () => {
    const same: RunSpec = { evalEvery: { epochs: 1 }, route: undefined, budget: { maxTime: 60.0 }, set: { k: '2.0', 'HIG.learningRate': '.5' }, seed: 3, methods: ['HIG'], experiment: 'spring' };
    expect(runId(same)).toBe(runId(base));
  });

  const changes: [string, Partial<RunSpec>][] = [
    ['experiment', { experiment: 'spring2' }],
    ['method', { methods: ['GN'] }],
    ['seed', { seed: 4 }],
    ['a value', { set: { 'HIG.learningRate': '0.25', k: '2' } }],
    ['one more parameter', { set: { ...base.set, c: '0.1' } }],
    ['budget', { budget: { maxTime: 60, maxEpochs: 10 } }],
    ['route', { route: 'svd' }],
    ['warm start', { initFrom: '/tmp/controllers/GD' }],
    ['evaluation cadence', { evalEvery: 'auto' }],
  ];
  it.each(changes)('changes when the %s changes', (_, change) => {
    expect(runId({ ...base, ...change })).not.toBe(runId(base));
  });

  it('names a warm start by the digest of its weights, not by its path', () => {
    const a = runId({ ...base, initFrom: '/a/controllers/GD' }, 'ab12');
    expect(runId({ ...base, initFrom: '/b/elsewhere' }, 'ab12')).toBe(a);
    expect(runId({ ...base, initFrom: '/a/controllers/GD' }, 'cd34')).not.toBe(a);
  });

  test.prop([fc.uniqueArray(fc.integer({ min: -1e9, max: 1e9 }), { minLength: 2, maxLength: 50 })])('gives distinct seeds distinct ids', (seeds) => {
    expect(new Set(seeds.map((seed) => runId({ ...base, seed }))).size).toBe(seeds.length);
  });

  it('rejects a spec with more than one method', () => {
    expect(() => runId({ ...base, methods: ['GD', 'HIG'] })).toThrow("runId: a sweep's run trains one method, got 2");
  });
});
