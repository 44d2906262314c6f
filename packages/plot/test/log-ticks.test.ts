import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { logMinorTicks, logTicks } from '../src/log-ticks.js';

/** Positive bounds from 1e-300 to 1e300, given by their decimal logarithms. */
const bounds = fc
  .tuple(fc.double({ min: -300, max: 300, noNaN: true }), fc.double({ min: 0, max: 40, noNaN: true }))
  .map(([lo, span]) => [10 ** lo, 10 ** Math.min(lo + span, 300)] as const);
const maxCounts = fc.integer({ min: 3, max: 15 });
const isDecade = (v: number): boolean => Number(`1e${Math.round(Math.log10(v))}`) === v;

describe('logTicks', () => {
  it('labels every decade of a loss that falls from 1 to 1e-8', () => {
    expect(logTicks(3e-9, 2, 10)).toEqual([1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]);
  });

  it('keeps every second decade over 1e-12 … 1e1, including 1e0', () => {
    expect(logTicks(1e-12, 10, 10)).toEqual([1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1]);
  });

  it('counts limits that lie on a decade as inside', () => {
    expect(logTicks(1e-3, 1)).toEqual([1e-3, 1e-2, 1e-1, 1]);
  });

  it('covers a range holding fewer than two decades', () => {
    expect(logTicks(2e-3, 5e-3)).toEqual([1e-3, 1e-2]);
    expect(logTicks(2e-3, 5e-2)).toEqual([1e-3, 1e-2, 1e-1]);
    expect(logTicks(1, 1)).toEqual([1, 10]);
  });

  it('rejects bad arguments, naming the function and argument', () => {
    expect(() => logTicks(0, 1)).toThrow(/logTicks: min/);
    expect(() => logTicks(-1, 1)).toThrow(/logTicks: min/);
    expect(() => logTicks(1, Infinity)).toThrow(/logTicks: max/);
    expect(() => logTicks(10, 1)).toThrow(/logTicks: min/);
    expect(() => logTicks(1, 10, 2)).toThrow(/logTicks: maxCount/);
  });

  it('returns 2 … maxCount increasing decades, evenly spaced in log', () => {
    fc.assert(
      fc.property(bounds, maxCounts, ([min, max], maxCount) => {
        const ticks = logTicks(min, max, maxCount);
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        expect(ticks.length).toBeLessThanOrEqual(Math.max(maxCount, 3));
        expect(ticks.every(isDecade)).toBe(true);
        const strides = ticks.slice(1).map((t, i) => Math.round(Math.log10(t / (ticks[i] ?? 1))));
        expect(strides.every((s) => s === strides[0] && s >= 1)).toBe(true);
      }),
    );
  });

  it('lies inside [min, max], or just covers it with at most three decades', () => {
    fc.assert(
      fc.property(bounds, maxCounts, ([min, max], maxCount) => {
        const ticks = logTicks(min, max, maxCount);
        const first = ticks[0] ?? 0;
        const last = ticks[ticks.length - 1] ?? 0;
        // Limits within 1e-9 decades of a decade count as on it.
        const inside = first >= min * (1 - 1e-8) && last <= max * (1 + 1e-8);
        const covering = first <= min * (1 + 1e-8) && last >= max * (1 - 1e-8) && ticks.length <= 3;
        expect(inside || covering).toBe(true);
      }),
    );
  });
});

describe('logMinorTicks', () => {
  it('gives 2 … 9 × 10^k when every decade is labelled', () => {
    expect(logMinorTicks(1e-2, 1)).toEqual([2e-2, 3e-2, 4e-2, 5e-2, 6e-2, 7e-2, 8e-2, 9e-2, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
  });

  it('gives the skipped decades when only every n-th decade is labelled', () => {
    expect(logMinorTicks(1e-12, 10, 10)).toEqual([1e-11, 1e-9, 1e-7, 1e-5, 1e-3, 1e-1, 10]);
  });

  it('stays inside [min, max] and avoids the major ticks', () => {
    fc.assert(
      fc.property(bounds, maxCounts, ([min, max], maxCount) => {
        const majors = new Set(logTicks(min, max, maxCount));
        for (const t of logMinorTicks(min, max, maxCount)) {
          expect(t).toBeGreaterThanOrEqual(min * (1 - 1e-8));
          expect(t).toBeLessThanOrEqual(max * (1 + 1e-8));
          expect(majors.has(t)).toBe(false);
        }
      }),
    );
  });
});
