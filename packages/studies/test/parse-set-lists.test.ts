import { describe, expect, it } from '@jest/globals';
import { parseSetLists } from '../src/parse-set-lists.js';

describe('parseSetLists', () => {
  it('gives each parameter its list of values, in order', () => {
    expect(parseSetLists(['HIG.learningRate=0.25,0.5', 'n = 4'])).toEqual({ 'HIG.learningRate': ['0.25', '0.5'], n: ['4'] });
  });

  it.each([
    [['x='], "--set: 'x=' has an empty value for 'x'"],
    [['x=1,,2'], "--set: 'x=1,,2' has an empty value for 'x'"],
    [['=3'], "--set: '=3' must be written name=value"],
    [['n4'], "--set: 'n4' must be written name=value"],
    [['n=1', 'n=2'], "--set: parameter 'n' is set twice"],
    [['n=1,2,1'], "--set: 'n=1,2,1' gives the value 1 twice"],
  ])('rejects %j, naming it', (items, message) => {
    expect(() => parseSetLists(items)).toThrow(message);
  });
});
