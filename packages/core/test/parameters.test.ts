import { describe, expect, it } from '@jest/globals';
import { test, fc } from '@fast-check/jest';
import { ParameterError, parseAssignments, requireMemory, resolveParameters } from '../src/index.js';

const specs = {
  n: { default: 2, min: 1, max: 32, integer: true },
  DT: { default: 0.5, min: 1e-6, max: 10 },
};

describe('resolveParameters', () => {
  it('returns the defaults without overrides', () => {
    expect(resolveParameters(specs)).toEqual({ n: 2, DT: 0.5 });
  });

  test.prop([fc.integer({ min: 1, max: 32 }), fc.double({ min: 1e-6, max: 10, noNaN: true })])('accepts any in-bounds value given as text', (n, dt) => {
    expect(resolveParameters(specs, { n: String(n), DT: String(dt) })).toEqual({ n, DT: dt });
  });

  test.prop([fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 33 }))])('rejects an out-of-bounds value, naming it', (n) => {
    expect(() => resolveParameters(specs, { n })).toThrow(ParameterError);
    expect(() => resolveParameters(specs, { n })).toThrow("parameter 'n' must be");
  });

  it.each([
    [{ n: '2.5' }, "parameter 'n' must be an integer"],
    [{ n: 'four' }, "parameter 'n' must be a finite number, got 'four'"],
    [{ DT: '' }, "parameter 'DT' must be a finite number"],
    [{ dt: '1' }, "parameter 'dt' is unknown; known parameters: n, DT"],
  ])('rejects %j', (overrides, message) => {
    expect(() => resolveParameters(specs, overrides)).toThrow(message);
  });
});

describe('parseAssignments', () => {
  it('splits name=value pairs', () => {
    expect(parseAssignments(['n=4', 'HIG.batchSize = 16'])).toEqual({ n: '4', 'HIG.batchSize': '16' });
  });
  it('rejects a pair without =', () => {
    expect(() => parseAssignments(['n4'])).toThrow("parameter 'n4' must be written name=value");
  });
});

describe('parameter names are own keys only', () => {
  it.each(['constructor', 'valueOf', 'toString', 'hasOwnProperty', '__proto__'])("rejects '%s' as unknown", (name) => {
    const overrides = parseAssignments([`${name}=7`]);
    expect(Object.keys(overrides)).toEqual([name]);
    expect(() => resolveParameters(specs, overrides)).toThrow(`parameter '${name}' is unknown; known parameters: n, DT`);
  });

  it('leaves the prototype of the parsed assignments alone', () => {
    const overrides = parseAssignments(['__proto__=5']);
    expect(Object.getPrototypeOf(overrides)).toBeNull();
    expect(overrides['__proto__']).toBe('5');
  });
});

describe('a power-of-two parameter (an FFT grid)', () => {
  const grid = { grid: { default: 32, min: 4, max: 256, powerOfTwo: true } };

  test.prop([fc.integer({ min: 2, max: 8 })])('accepts every power of two within its bounds', (k) => {
    expect(resolveParameters(grid, { grid: String(2 ** k) })).toEqual({ grid: 2 ** k });
  });

  test.prop([fc.integer({ min: 4, max: 256 }).filter((v) => (v & (v - 1)) !== 0)])('refuses any other size, naming the nearest powers', (v) => {
    const below = 2 ** Math.floor(Math.log2(v));
    expect(() => resolveParameters(grid, { grid: v })).toThrow(`parameter 'grid' must be a power of two, got ${v} (the nearest are ${below} and ${2 * below})`);
  });
});

describe('requireMemory', () => {
  it('passes what fits and refuses what does not, naming the parameter, the purpose and both sizes', () => {
    expect(() => requireMemory('grid', 1e9, 'data', 2e9)).not.toThrow();
    expect(() => requireMemory('grid, trainSize', 5.6e10, 'data sets', 2.4e10)).toThrow("parameter 'grid, trainSize' asks for data sets of about 56.0 GB, more than the 24.0 GB this machine has");
  });
});
