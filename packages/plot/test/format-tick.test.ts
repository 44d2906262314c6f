import { describe, expect, it } from '@jest/globals';
import { formatLinearTick, formatLogTick } from '../src/format-tick.js';

describe('formatLogTick', () => {
  it('writes decades in 1e-8 style', () => {
    expect([1e-12, 1e-8, 0.1, 1, 10, 1e100].map(formatLogTick)).toEqual(['1e-12', '1e-8', '1e-1', '1e0', '1e1', '1e100']);
  });

  it('writes minor ticks with their mantissa', () => {
    expect([2e-3, 5e-8, 3].map(formatLogTick)).toEqual(['2e-3', '5e-8', '3e0']);
  });

  it('rejects values a log axis cannot show', () => {
    expect(() => formatLogTick(0)).toThrow(/formatLogTick: value/);
    expect(() => formatLogTick(Infinity)).toThrow(/formatLogTick: value/);
  });
});

describe('formatLinearTick', () => {
  it('uses as many decimals as the step needs', () => {
    expect(formatLinearTick(20, 10)).toBe('20');
    expect(formatLinearTick(0.5, 0.25)).toBe('0.50');
    expect(formatLinearTick(0.75, 0.25)).toBe('0.75');
    expect(formatLinearTick(0.30000000000000004, 0.1)).toBe('0.3');
  });

  it('never writes -0', () => {
    expect(formatLinearTick(-0, 0.5)).toBe('0');
  });

  it('switches to exponent notation for huge or tiny values', () => {
    expect(formatLinearTick(2500000, 500000)).toBe('2.5e6');
    expect(formatLinearTick(3e-8, 1e-8)).toBe('3e-8');
  });

  it('rejects bad arguments, naming the function and argument', () => {
    expect(() => formatLinearTick(Number.NaN, 1)).toThrow(/formatLinearTick: value/);
    expect(() => formatLinearTick(1, 0)).toThrow(/formatLinearTick: step/);
  });
});
