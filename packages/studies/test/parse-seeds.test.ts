import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { parseSeeds } from '../src/parse-seeds.js';
import { SweepError } from '../src/sweep-error.js';

describe('parseSeeds', () => {
  test.prop([fc.uniqueArray(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 20 })])('reads back any list of distinct integers in its order', (seeds) => {
    expect(parseSeeds(seeds.join(','))).toEqual(seeds);
  });

  test.prop([fc.integer({ min: -1000, max: 1000 }), fc.nat(200)])('expands a range a..b to the b - a + 1 integers from a to b', (from, length) => {
    const seeds = parseSeeds(`${from}..${from + length}`);
    expect(seeds).toHaveLength(length + 1);
    seeds.forEach((seed, i) => expect(seed).toBe(from + i));
  });

  it('mixes lists and ranges, spaces allowed', () => {
    expect(parseSeeds('1..3, 10 ,20..21')).toEqual([1, 2, 3, 10, 20, 21]);
  });

  it.each([
    ['5..1', "--seeds: range '5..1' runs backwards; write 1..5"],
    ['a', "--seeds: 'a' is not an integer seed or a range such as 1..5"],
    ['1.5', "--seeds: '1.5' is not an integer seed"],
    ['1,,2', "--seeds: '' is not an integer seed"],
    ['1..3,2', '--seeds: seed 2 is given twice'],
    ['', '--seeds: no seeds given'],
    ['99999999999999999999', "--seeds: '99999999999999999999' is not an integer seed"],
    ['1..2000000', "--seeds: range '1..2000000' has 2000000 seeds; at most 1000000"],
  ])('rejects %j, naming it', (text, message) => {
    expect(() => parseSeeds(text)).toThrow(SweepError);
    expect(() => parseSeeds(text)).toThrow(message);
  });
});
