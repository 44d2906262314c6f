import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import type { MethodName } from '@hig-lab/core';
import { summarizeStudy } from '../src/study-summary.js';
import type { FailedRun, MethodCurve } from '../src/study-runs.js';
import { summaryTable } from '../src/summary-table.js';

/** A curve whose train loss is scale·decay(t) at the given evaluation times (test loss twice that). */
function curve(seed: number, times: readonly number[], loss: (t: number) => number, over: Partial<MethodCurve> = {}): MethodCurve {
  return {
    source: 'study', file: `runs/${seed}/results.json`, experiment: 'spring', runId: `HIG-s${seed}`, method: 'HIG' as MethodName, seed, set: {}, rest: '',
    status: 'done', epochs: times.map((time) => ({ time, trainLoss: loss(time), testLoss: 2 * loss(time) })), ...over,
  };
}
const evenTimes = (n: number, end: number) => Array.from({ length: n + 1 }, (_, i) => (end * i) / n);

describe('summarizeStudy', () => {
  test.prop([fc.uniqueArray(fc.double({ min: 1e-6, max: 1e3, noNaN: true }), { minLength: 5, maxLength: 5 }), fc.integer({ min: 3, max: 30 })], { numRuns: 30 })(
    'over five seeds that are scaled copies of one curve, the median is the middle scale and the quartiles the 2nd and 4th',
    (scales, epochs) => {
      const times = evenTimes(epochs, 10);
      const curves = scales.map((c, seed) => curve(seed, times, (t) => c * Math.exp(-t)));
      const group = summarizeStudy(curves, [], 11).groups[0]!;
      const [s1, s2, s3] = [...scales].sort((a, b) => a - b).slice(1, 4) as [number, number, number];
      group.curves.time.forEach((t, i) => {
        const last = times.filter((x) => x <= t + 1e-12).at(-1) as number;
        expect(group.curves.train.q25[i]).toBeCloseTo(s1 * Math.exp(-last), 12);
        expect(group.curves.train.median[i]).toBeCloseTo(s2 * Math.exp(-last), 12);
        expect(group.curves.train.q75[i]).toBeCloseTo(s3 * Math.exp(-last), 12);
        expect(group.curves.test.median[i]).toBeCloseTo(2 * s2 * Math.exp(-last), 12);
      });
      expect(group.final?.train.median).toBeCloseTo(s2 * Math.exp(-10), 12);
    },
  );

  it('puts every seed on one grid from 0 to the longest run, holding a shorter run at its last loss', () => {
    const curves = [curve(1, [0, 4, 8], () => 1), curve(2, [0, 3, 6, 9, 12], (t) => 10 ** -t), curve(3, [0, 10], () => 0.5)];
    const group = summarizeStudy(curves, [], 5).groups[0]!;
    expect(group.curves.time).toEqual([0, 3, 6, 9, 12]);
    // At t = 12: seed 1 holds 1, seed 2 is at 1e-12, seed 3 holds 0.5: median 0.5.
    expect(group.curves.train.median.at(-1)).toBe(0.5);
    expect(group.seeds).toEqual([1, 2, 3]);
    expect(group.epochs).toBe(2);
  });

  it('counts a run\'s epochs by the epoch of its last evaluation, whatever the evaluation cadence', () => {
    // Evaluated after epochs 0, 5, 40 and 96; and after 0, 3 and 91: medians of 96 and 91.
    const sparse = (seed: number, epochs: number[]) =>
      curve(seed, [], () => 1, { epochs: epochs.map((epoch, i) => ({ epoch, time: i, trainLoss: 1, testLoss: 1 })) });
    const group = summarizeStudy([sparse(1, [0, 5, 40, 96]), sparse(2, [0, 3, 91])]).groups[0]!;
    // Quantiles interpolate geometrically between neighbouring seeds: the median of two is their geometric mean.
    expect(group.epochs).toBeCloseTo(Math.sqrt(96 * 91), 9);
  });

  it('times the first crossing of each target per seed: the median over all seeds, or null when half or more never got there', () => {
    // Seed s reaches 10^-t at time t·s: 1e-3 at 3s, 1e-5 at 5s, 1e-7 at 7s, each within its run of 8 epochs.
    const curves = [1, 2, 3, 4].map((s) => curve(s, evenTimes(8, 8 * s), (t) => 10 ** (-t / s)));
    curves.push(curve(5, evenTimes(8, 8), () => 1)); // never below 1
    const [t3, t5, t7] = summarizeStudy(curves).groups[0]!.timeToTarget;
    expect(t3).toEqual({ level: 1e-3, median: 9, reached: 4, of: 5 });
    expect(t5).toEqual({ level: 1e-5, median: 15, reached: 4, of: 5 });
    expect(t7?.reached).toBe(4);
    const two = summarizeStudy([curves[0]!, curves[4]!]).groups[0]!.timeToTarget[0];
    expect(two).toEqual({ level: 1e-3, median: null, reached: 1, of: 2 });
  });

  it('groups by source, method and setting, labels overlays with their folder, and counts failed runs', () => {
    const times = evenTimes(4, 4);
    const curves = [
      curve(1, times, () => 1, { set: { 'HIG.learningRate': '0.5' } }),
      curve(2, times, () => 2, { set: { 'HIG.learningRate': '0.5' } }),
      curve(1, times, () => 3, { set: { 'HIG.learningRate': '0.25' } }),
      curve(1, times, () => 4, { method: 'GD', set: {} }),
      curve(1, times, () => 5, { source: 'other', set: { 'HIG.learningRate': '0.5' } }),
    ];
    const failed: FailedRun[] = [{ source: 'study', runId: 'HIG-s3', method: 'HIG', seed: 3, set: { 'HIG.learningRate': '0.5' }, rest: '', message: 'boom' }];
    const { groups } = summarizeStudy(curves, failed);
    expect(groups.map((g) => [g.label, g.seeds.length, g.failed])).toEqual([
      ['study: GD', 1, 0],
      ['study: HIG learningRate=0.25', 1, 0],
      ['study: HIG learningRate=0.5', 2, 1],
      ['other: HIG learningRate=0.5', 1, 0],
    ]);
    expect(groups[2]?.failures).toEqual(['HIG-s3: boom']);
  });

  it('prints a Markdown table with the spread of final losses and the seeds that reached each target', () => {
    const curves = [1, 2, 3].map((s) => curve(s, [0, 1, 2], (t) => 10 ** (-3 * t) * s));
    curves[2] = { ...curves[2]!, status: 'diverged' };
    const table = summaryTable(summarizeStudy(curves));
    const lines = table.trim().split('\n');
    expect(lines[0]).toBe('| method and setting | seeds | epochs | train loss [IQR] | test loss [IQR] | time to 1e-3 | time to 1e-5 | time to 1e-7 | notes |');
    expect(lines[2]).toBe('| HIG | 3 | 2 | 2.00e-6 [1.41e-6, 2.45e-6] | 4.00e-6 [2.83e-6, 4.90e-6] | 2.00 s (3/3) | 2.00 s (3/3) | – (0/3) | 1 diverged |');
  });
});
