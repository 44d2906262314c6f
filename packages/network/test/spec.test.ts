import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { REFERENCE_SPEC, paramCount, paramLayout, validateSpec } from '../src/index.js';
import { specArb } from './helpers.js';

describe('validateSpec / paramCount / paramLayout', () => {
  it('the reference spec has 1444 parameters', () => {
    expect(paramCount(REFERENCE_SPEC)).toBe(1444);
    const layout = paramLayout(REFERENCE_SPEC);
    expect(layout.map((l) => [l.fanIn, l.units, l.kernelOffset, l.biasOffset])).toEqual([
      [4, 20, 0, 80],
      [20, 20, 100, 500],
      [20, 20, 520, 920],
      [20, 24, 940, 1420],
    ]);
  });

  test.prop([specArb()])('layout is contiguous Keras order and sums to paramCount', (spec) => {
    const layout = paramLayout(spec);
    let offset = 0;
    let fanIn = spec.inputDim;
    layout.forEach((l, i) => {
      expect(l.fanIn).toBe(fanIn);
      expect(l.units).toBe(spec.layers[i]!.units);
      expect(l.kernelOffset).toBe(offset);
      expect(l.biasOffset).toBe(offset + l.fanIn * l.units);
      offset = l.biasOffset + l.units;
      fanIn = l.units;
    });
    expect(paramCount(spec)).toBe(offset);
  });

  it('rejects bad specs with errors naming the field', () => {
    const ok = { units: 3, activation: 'tanh' };
    expect(() => validateSpec(null)).toThrow(TypeError);
    expect(() => validateSpec([])).toThrow(/validateSpec: spec must be an object/);
    expect(() => validateSpec({ inputDim: 0, layers: [ok] })).toThrow(RangeError);
    expect(() => validateSpec({ inputDim: 0, layers: [ok] })).toThrow(/spec\.inputDim.*received 0/);
    expect(() => validateSpec({ inputDim: 2.5, layers: [ok] })).toThrow(/spec\.inputDim/);
    expect(() => validateSpec({ inputDim: '4', layers: [ok] })).toThrow(TypeError);
    expect(() => validateSpec({ inputDim: 4 })).toThrow(/spec\.layers must be an array/);
    expect(() => validateSpec({ inputDim: 4, layers: [] })).toThrow(RangeError);
    expect(() => validateSpec({ inputDim: 4, layers: [ok, { units: -1, activation: 'relu' }] })).toThrow(/spec\.layers\[1\]\.units/);
    expect(() => validateSpec({ inputDim: 4, layers: [ok, ok, { units: 2, activation: 'sigmoid' }] })).toThrow(TypeError);
    expect(() => validateSpec({ inputDim: 4, layers: [ok, ok, { units: 2, activation: 'sigmoid' }] })).toThrow(/spec\.layers\[2\]\.activation.*"sigmoid"/);
    expect(() => validateSpec({ inputDim: 4, layers: [ok, 7] })).toThrow(/spec\.layers\[1\] must be an object/);
    expect(() => paramCount({ inputDim: 4, layers: [{ units: 0, activation: 'tanh' }] })).toThrow(/spec\.layers\[0\]\.units/);
    expect(() => validateSpec({ inputDim: 4, layers: [ok] })).not.toThrow();
  });

  test.prop([fc.integer({ min: -3, max: 0 })])('non-positive widths are RangeErrors', (units) => {
    expect(() => validateSpec({ inputDim: 3, layers: [{ units, activation: 'linear' }] })).toThrow(RangeError);
  });
});
