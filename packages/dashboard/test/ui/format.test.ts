import { describe, expect, it } from '@jest/globals';
import { ActiveClock } from '../../src/ui/active-clock.js';
import { fit, formatClock, formatHyper, formatLoss, formatParams, formatSeconds, formatValue } from '../../src/ui/format.js';
import { progressBar } from '../../src/ui/progress-bar.js';

describe('format', () => {
  it('writes losses in one exponent style', () => {
    expect([1.234e-4, 0.35, 12, 1].map(formatLoss)).toEqual(['1.2e-4', '3.5e-1', '1.2e1', '1.0e0']);
    expect([null, undefined, Number.NaN, Infinity].map(formatLoss)).toEqual(['–', '–', '–', '–']);
  });

  it('writes seconds in at most five characters', () => {
    expect([0, 2.14, 14.4, 123, 1234, 7200].map(formatSeconds)).toEqual(['0.0s', '2.1s', '14s', '123s', '21m', '2.0h']);
    expect(formatSeconds(null)).toBe('–');
  });

  it('writes clocks, parameter values and hyperparameters compactly', () => {
    expect([7, 723, 3723].map(formatClock)).toEqual(['0:07', '12:03', '1:02:03']);
    expect([0.2, 24, 1e-3, 0.05, 2.5e-10, 0, 123456].map(formatValue)).toEqual(['0.2', '24', '1e-3', '5e-2', '2.5e-10', '0', '1.235e5']);
    expect(formatParams({ n: 2, k: 0.2, alpha: 0 })).toBe('n=2 k=0.2 alpha=0');
    expect(formatHyper({ batchSize: 32, learningRate: 1, rcond: 1e-10, beta: 0.5 })).toBe('B=32 lr=1 rc=1e-10 β=0.5');
    expect(formatHyper({ batchSize: 256, learningRate: 1e-3 })).toBe('B=256 lr=1e-3');
  });

  it('fits text to a width', () => {
    expect(fit('abc', 5)).toBe('abc  ');
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('abc', 0)).toBe('');
  });
});

describe('progressBar', () => {
  it('fills in eighths of a cell and keeps its width', () => {
    expect(progressBar(0, 4)).toBe('····');
    expect(progressBar(0.5, 4)).toBe('██··');
    expect(progressBar(1 / 16, 4)).toBe('▎···');
    expect(progressBar(1, 4)).toBe('████');
    expect(progressBar(2, 3)).toBe('███');
    expect(progressBar(Number.NaN, 3)).toBe('···');
  });
});

describe('ActiveClock', () => {
  it('counts only unpaused time', () => {
    let now = 0;
    const clock = new ActiveClock(() => now);
    now = 2000;
    clock.setRunning(false);
    now = 5000;
    expect(clock.seconds).toBe(2);
    clock.setRunning(true);
    now = 6000;
    expect(clock.seconds).toBe(3);
    expect(clock.running).toBe(true);
  });
});
