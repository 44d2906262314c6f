import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { niceTicks } from '../src/nice-ticks.js';

/** Bounds whose span doubles resolve well (at least 1e-6 of the magnitude), so spacing checks can be tight. */
const bounds = fc
  .tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }))
  .map(([min, span]) => [min, min + span] as const)
  .filter(([min, max]) => max > min && max - min > 1e-6 * Math.max(Math.abs(min), Math.abs(max)));
const counts = fc.integer({ min: 1, max: 20 });

describe('niceTicks', () => {
  it('gives round ticks for a training-time axis', () => {
    expect(niceTicks(-3, 63, 8)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(niceTicks(0, 1, 6)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('prints as the decimal it stands for (no 0.30000000000000004)', () => {
    expect(niceTicks(0.05, 0.45, 5)).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(-0.35, 0.05, 5)).toEqual([-0.3, -0.2, -0.1, 0]);
  });

  it('returns [min] for an empty range', () => {
    expect(niceTicks(2, 2, 5)).toEqual([2]);
  });

  it('returns just the limits for a span doubles cannot split (and terminates)', () => {
    expect(niceTicks(1, 1 + 2 ** -50, 5)).toEqual([1, 1 + 2 ** -50]);
    expect(niceTicks(1e15, 1e15 + 0.125, 5)).toEqual([1e15, 1e15 + 0.125]);
  });

  it('rejects bad arguments, naming the function and argument', () => {
    expect(() => niceTicks(Number.NaN, 1, 5)).toThrow(/niceTicks: min/);
    expect(() => niceTicks(0, Infinity, 5)).toThrow(/niceTicks: max/);
    expect(() => niceTicks(2, 1, 5)).toThrow(/niceTicks: min/);
    expect(() => niceTicks(0, 1, 0)).toThrow(/niceTicks: count/);
    expect(() => niceTicks(0, 1, 2.5)).toThrow(/niceTicks: count/);
    expect(() => niceTicks(-Number.MAX_VALUE, Number.MAX_VALUE, 5)).toThrow(/niceTicks: max - min/);
  });

  it('keeps ticks inside [min, max] (up to rounding)', () => {
    fc.assert(
      fc.property(bounds, counts, ([min, max], count) => {
        const slack = 1e-6 * (max - min);
        for (const t of niceTicks(min, max, count)) {
          expect(t).toBeGreaterThanOrEqual(min - slack);
          expect(t).toBeLessThanOrEqual(max + slack);
        }
      }),
    );
  });

  it('returns between max(1, ⌊count/2⌋) and count increasing, evenly spaced ticks', () => {
    fc.assert(
      fc.property(bounds, counts, ([min, max], count) => {
        const ticks = niceTicks(min, max, count);
        expect(ticks.length).toBeGreaterThanOrEqual(Math.max(1, Math.floor(count / 2)));
        expect(ticks.length).toBeLessThanOrEqual(count);
        const steps = ticks.slice(1).map((t, i) => t - (ticks[i] ?? 0));
        const step = steps[0] ?? 0;
        for (const s of steps) {
          expect(s).toBeGreaterThan(0);
          expect(Math.abs(s - step)).toBeLessThanOrEqual(1e-6 * step);
        }
      }),
    );
  });

  it('uses steps of 1, 2, 2.5 or 5 times a power of ten', () => {
    fc.assert(
      fc.property(bounds, fc.integer({ min: 2, max: 20 }), ([min, max], count) => {
        const [a, b] = niceTicks(min, max, count);
        if (a === undefined || b === undefined) return;
        const step = b - a;
        const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
        expect([1, 2, 2.5, 5].some((m) => Math.abs(mantissa - m) < 1e-6)).toBe(true);
      }),
    );
  });
});
