import { describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs';
import { Adam } from '../src/index.js';

tf.env().set('IS_TEST', true);

describe('Adam', () => {
  it('follows the tfjs Adam optimizer on a quadratic to float32 precision', () => {
    // minimise Σ c_i (θ_i - t_i)² from the same start with both implementations.
    const c = [1, 10, 0.1], t = [0.5, -2, 3];
    const ours = new Float64Array([0, 0, 0]);
    const adam = new Adam(3, 0.05);
    const theta = tf.variable(tf.zeros([3]));
    const opt = tf.train.adam(0.05, 0.9, 0.999, 1e-7);
    for (let k = 0; k < 50; k++) {
      const grad = Float64Array.from(ours, (v, i) => 2 * c[i] * (v - t[i]));
      adam.step(ours, grad);
      opt.minimize(() => tf.sum(tf.mul(tf.tensor1d(c), tf.square(tf.sub(theta, tf.tensor1d(t))))) as tf.Scalar);
    }
    const theirs = theta.dataSync();
    // float32 rounding of ~50 steps of size ≤ 0.05: well below 1e-4.
    ours.forEach((v, i) => expect(Math.abs(v - theirs[i])).toBeLessThan(1e-4));
  });

  it('rejects wrong sizes, naming them', () => {
    expect(() => new Adam(2, 0.1).step(new Float64Array(3), new Float64Array(3))).toThrow('Adam.step: params and grad must have length 2, got 3 and 3');
  });
});
