import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { parseSeeds } from '../src/parse-seeds.js';
import { SweepError } from '../src/sweep-error.js';

/** Any seed from 0 to 2^32 − 1 (fc.integer stops at 2^31 − 1). */
const seed32 = fc.tuple(fc.nat(0xffff), fc.nat(0xffff)).map(([hi, lo]) => hi * 0x10000 + lo);

describe('parseSeeds', () => {
  test.prop([fc.uniqueArray(seed32, { minLength: 1, maxLength: 20 })])('reads back any list of distinct integers in its order', (seeds) => {
    expect(parseSeeds(seeds.join(','))).toEqual(seeds);
  });

  test.prop([seed32.map((s) => Math.min(s, 2 ** 32 - 201)), fc.nat(200)])('expands a range a..b to the b - a + 1 integers from a to b', (from, length) => {
    const seeds = parseSeeds(`${from}..${from + length}`);
    expect(seeds).toHaveLength(length + 1);
    seeds.forEach((seed, i) => expect(seed).toBe(from + i));
  });

  it('mixes lists and ranges, spaces allowed', () => {
    expect(parseSeeds('1..3, 10 ,20..21')).toEqual([1, 2, 3, 10, 20, 21]);
  });

  it.each([
    ['5..1', "--seeds: range '5..1' runs backwards; write 1..5"],
    ['a', "--seeds: 'a' is not a seed from 0 to 4294967295 or a range such as 1..5"],
    ['1.5', "--seeds: '1.5' is not a seed from 0"],
    ['-3', "--seeds: '-3' is not a seed from 0"],
    ['4294967296', "--seeds: '4294967296' is not a seed from 0"],
    ['1,,2', "--seeds: '' is not a seed from 0"],
    ['1..3,2', '--seeds: seed 2 is given twice'],
    ['', '--seeds: no seeds given'],

    ['1..2000000', "--seeds: range '1..2000000' has 2000000 seeds; at most 1000000"],
  ])('rejects %j, naming it', (text, message) => {
    expect(() => parseSeeds(text)).toThrow(SweepError);
    expect(() => parseSeeds(text)).toThrow(message);
  });
});
