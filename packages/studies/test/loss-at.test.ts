import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { lossAt } from '../src/loss-at.js';

const records = fc
  .uniqueArray(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 40 })
  .map((times) => times.sort((a, b) => a - b).map((time, i) => ({ time, trainLoss: 1 / (i + 1), testLoss: 2 / (i + 1) })));

describe('lossAt', () => {
  test.prop([records, fc.double({ min: -10, max: 200, noNaN: true })])("is the loss of the last evaluation at or before t, NaN before the first", (rs, t) => {
    const before = rs.filter((r) => r.time <= t);
    const expected = before.at(-1);
    if (!expected) {
      expect(lossAt(rs, t, 'trainLoss')).toBeNaN();
      return;
    }
    expect(lossAt(rs, t, 'trainLoss')).toBe(expected.trainLoss);
    expect(lossAt(rs, t, 'testLoss')).toBe(expected.testLoss);
  });

  it('holds the last loss after the run ended', () => {
    expect(lossAt([{ time: 0, trainLoss: 1, testLoss: 1 }, { time: 5, trainLoss: 0.1, testLoss: 0.2 }], 1e9, 'testLoss')).toBe(0.2);
  });
});
