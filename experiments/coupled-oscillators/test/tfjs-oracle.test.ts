import { describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs';
import { createRng, instantiate, Rollout } from '@hig-lab/core';
import experiment from '../src/index.js';

// Typed arrays from the test realm fail tfjs instanceof checks under jest: pass plain arrays.
tf.env().set('IS_TEST', true);

/**
 * An independent oracle: the same loss written with tfjs ops (float32) and differentiated by
 * tfjs autodiff must agree with the float64 adjoint. Float32 rounding (ε ≈ 6e-8) over 24 RK4
 * steps of a map with gain ≈ 3 leaves errors near 1e-6 of the gradient's scale; 1e-4 bounds it.
 */
const FLOAT32_TOLERANCE = 1e-4;

function tfLoss(x0: tf.Tensor2D, u: tf.Tensor2D, target: tf.Tensor2D, n: number, k: number, dt: number, steps: number): tf.Scalar {
  // f(s, u) = s·Aᵀ + u·cᵀ with A = [[0, I], [-I + kL, 0]], L the free-end Laplacian.
  const A = tf.buffer([2 * n, 2 * n]);
  for (let i = 0; i < n; i++) {
    A.set(1, i, n + i);
    A.set(-1, n + i, i);
    for (const j of [i - 1, i + 1]) {
      if (j < 0 || j >= n) continue;
      A.set(A.get(n + i, j) + k, n + i, j);
      A.set(A.get(n + i, i) - k, n + i, i);
    }
  }
  const At = A.toTensor().transpose();
  const c = tf.oneHot([2 * n - 1], 2 * n).reshape([1, 2 * n]);
  const f = (s: tf.Tensor2D, ut: tf.Tensor2D): tf.Tensor2D => tf.add(tf.matMul(s, At), tf.matMul(ut, c));
  let s = x0;
  for (let t = 0; t < steps; t++) {
    const ut = u.slice([0, t], [-1, 1]);
    const k1 = f(s, ut);
    const k2 = f(tf.add(s, k1.mul(dt / 2)), ut);
    const k3 = f(tf.add(s, k2.mul(dt / 2)), ut);
    const k4 = f(tf.add(s, k3.mul(dt)), ut);
    s = tf.add(s, tf.addN([k1, k2.mul(2), k3.mul(2), k4]).mul(dt / 6));
  }
  return tf.sum(tf.square(tf.sub(s, target)));
}

describe('tfjs autodiff oracle for the coupled-oscillators loss', () => {
  it.each([[{}], [{ n: 3, k: 0.5, Nt: 12 }]])('agrees with the float64 adjoint to float32 tolerance (%j)', (overrides) => {
    const exp = instantiate(experiment, { ...overrides, trainSize: 8, testSize: 8 });
    const { train } = exp.data(createRng(11));
    const B = train.size, n = exp.system.stateDim, steps = exp.steps;
    const rng = createRng(5);
    const u = Float64Array.from({ length: B * steps }, () => rng.normal() * 0.3);

    const rollout = new Rollout(exp.system, steps, exp.dt);
    const y = rollout.final(new Float64Array(B * n), train.initial, u, B);
    const lambda = new Float64Array(B * n);
    for (let b = 0; b < B; b++) exp.loss.gradient(lambda.subarray(b * n, b * n + n), y.subarray(b * n, b * n + n), train.target.subarray(b * n, b * n + n));
    const gu = new Float64Array(B * steps), gs0 = new Float64Array(B * n);
    rollout.adjoint(gu, gs0, train.initial, u, lambda, B);

    const target = tf.tensor2d(Array.from(train.target), [B, n]);
    const grads = tf.grads((x0: tf.Tensor, uu: tf.Tensor) =>
      tfLoss(x0 as tf.Tensor2D, uu as tf.Tensor2D, target, exp.system.params.n, exp.system.params.k, exp.dt, steps),
    )([tf.tensor2d(Array.from(train.initial), [B, n]), tf.tensor2d(Array.from(u), [B, steps])]);
    const [tfGs0, tfGu] = grads.map((g) => g.dataSync());

    expect(relativeError(tfGu, gu)).toBeLessThan(FLOAT32_TOLERANCE);
    expect(relativeError(tfGs0, gs0)).toBeLessThan(FLOAT32_TOLERANCE);
  });
});

function relativeError(a: ArrayLike<number>, b: Float64Array): number {
  let err = 0, scale = 0;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return err / scale;
}
