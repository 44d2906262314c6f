import { describe, expect } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { composeStages, composeStagesInLoops } from '../src/rk4.js';

/** Entries of the stage Jacobians: finite, with exact zeros mixed in (sparse Jacobians are common). */
const entries = (length: number) => fc.array(fc.oneof(fc.constant(0), fc.double({ min: -10, max: 10, noNaN: true })), { minLength: length, maxLength: length }).map((a) => Float64Array.from(a));

describe('RK4 stage composition', () => {
  test.prop([fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.double({ min: 1e-4, max: 1, noNaN: true }), fc.integer()], { numRuns: 60 })(
    'gives the loops bit for bit, in straight-line code or not (same operations in the same order)',
    (n, m, dt, seed) => {
      const [a, b] = fc.sample(fc.tuple(entries(4 * n * n), entries(4 * n * m)), { numRuns: 1, seed })[0];
      const expected = [new Float64Array(n * n), new Float64Array(n * m)];
      composeStagesInLoops(n, m)(expected[0], expected[1], a, b, dt);
      const got = [new Float64Array(n * n).fill(NaN), new Float64Array(n * m).fill(NaN)];
      composeStages(n, m)(got[0], got[1], a, b, dt);
      expect(got.map((x) => Array.from(x))).toEqual(expected.map((x) => Array.from(x)));
    },
  );
});
