import { describe, expect, it } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import { createRng } from '../src/index.js';

describe('createRng', () => {
  test.prop([fc.integer()])('repeats its stream for the same seed', (seed) => {
    const a = createRng(seed), b = createRng(seed);
    for (let i = 0; i < 16; i++) expect(a.uniform()).toBe(b.uniform());
    expect(a.fork('x').normal()).toBe(b.fork('x').normal());
  });

  it('draws uniforms on [0,1) with mean 1/2 and variance 1/12 (5 standard errors, N = 1e5)', () => {
    const rng = createRng(42);
    const N = 100000;
    let sum = 0, sq = 0;
    for (let i = 0; i < N; i++) {
      const x = rng.uniform();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
      sq += x * x;
    }
    const mean = sum / N;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(sq / N - mean * mean - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / N));
  });

  it('draws standard normals (mean 0, variance 1 within 5 standard errors)', () => {
    const rng = createRng(7);
    const N = 100000;
    let sum = 0, sq = 0;
    for (let i = 0; i < N; i++) {
      const z = rng.normal();
      sum += z;
      sq += z * z;
    }
    expect(Math.abs(sum / N)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(sq / N - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
  });

  it('gives forks with different labels different streams, independent of draws made before', () => {
    const a = createRng(1);
    const first = a.fork('train').uniform();
    a.uniform();
    expect(a.fork('train').uniform()).toBe(first);
    expect(a.fork('test').uniform()).not.toBe(first);
  });

  it('rejects a non-integer seed', () => {
    expect(() => createRng(1.5)).toThrow('createRng: seed must be an integer, got 1.5');
  });
});
