import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { quantile } from '../src/quantile.js';

const positives = fc.array(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), { minLength: 1, maxLength: 30 });
const probability = fc.double({ min: 0, max: 1, noNaN: true });

describe('quantile', () => {
  test.prop([positives, fc.nat()])('at p = k/(n-1) is exactly the k-th smallest value', (values, k0) => {
    const sorted = [...values].sort((a, b) => a - b);
    const k = k0 % values.length;
    const p = values.length === 1 ? 0.5 : k / (values.length - 1);
    // (n-1)·k/(n-1) may round a hair below k; the value then lies between the k-th and its predecessor.
    const q = quantile(values, p);
    expect(q).toBeLessThanOrEqual(sorted[k] as number);
    expect(q).toBeGreaterThanOrEqual(sorted[Math.max(0, k - 1)] as number);
    if (values.length % 2 === 1) expect(quantile(values, 0.5)).toBe(sorted[(values.length - 1) / 2]);
  });

  test.prop([positives, probability, probability])('is monotone in p and lies between the smallest and the largest value', (values, p1, p2) => {
    const [lo, hi] = p1 <= p2 ? [p1, p2] : [p2, p1];
    expect(quantile(values, lo)).toBeLessThanOrEqual(quantile(values, hi));
    expect(quantile(values, lo)).toBeGreaterThanOrEqual(Math.min(...values));
    expect(quantile(values, hi)).toBeLessThanOrEqual(Math.max(...values));
  });

  test.prop([positives, probability])('does not depend on the order of the values', (values, p) => {
    expect(quantile([...values].reverse(), p)).toBe(quantile(values, p));
  });

  test.prop([fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 1, maxLength: 20 }), probability])(
    'of 10^x is 10 to the quantile of x (geometric between neighbours, as losses are read on a log scale)',
    (exponents, p) => {
      const linear = quantileLinear(exponents, p);
      // Relative error of 10^x for x known to ~1e-15·|x| ≤ 2e-14 (ln 10 · 20 · eps), with slack for the pow.
      expect(Math.abs(quantile(exponents.map((x) => 10 ** x), p) / 10 ** linear - 1)).toBeLessThan(1e-12);
    },
  );

  it('takes the geometric midpoint of two positive neighbours and the arithmetic one otherwise', () => {
    expect(quantile([1e-8, 1e-4], 0.5)).toBeCloseTo(1e-6, 20);
    expect(quantile([-1, 3], 0.5)).toBe(1);
  });

  it('counts Infinity (a seed that never got there) and is Infinity when the position reaches it', () => {
    expect(quantile([1, 2, Infinity], 0.5)).toBe(2);
    expect(quantile([1, Infinity, Infinity], 0.5)).toBe(Infinity);
    expect(quantile([1, 2, Infinity, Infinity], 0.5)).toBe(Infinity);
  });

  it('is NaN for no values and rejects NaN values and p outside [0, 1]', () => {
    expect(quantile([], 0.5)).toBeNaN();
    expect(() => quantile([1, NaN], 0.5)).toThrow('quantile: values must not be NaN');
    expect(() => quantile([1], 1.5)).toThrow('quantile: p must be in [0, 1], got 1.5');
  });
});

/** Type 7 with linear interpolation, for comparison. */
function quantileLinear(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? (s[lo] as number) + (h - lo) * ((s[lo + 1] as number) - (s[lo] as number)) : (s[lo] as number);
}
