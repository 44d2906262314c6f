import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allocShared, closeWorkerPool, splitThresholds, startWorkerPool } from '@hig-lab/kernels';
import { fc, test } from '@fast-check/jest';
import { Mlp, REFERENCE_SPEC, initParams, paramCount } from '../src/index.js';
import type { NetworkSpec } from '../src/index.js';
import { createRng, dot, matTVec, matVec, randomArray, referenceForward, relErr, specArb } from './helpers.js';

/** Random parameters: Glorot kernels plus non-zero biases, so that every term is exercised. */
function params(spec: NetworkSpec, seed: number): Float64Array {
  const rng = createRng(seed);
  const p = initParams(spec, rng);
  for (let k = 0; k < p.length; k++) p[k] += 0.1 * rng.normal();
  return p;
}

function forwardOnce(spec: NetworkSpec, theta: Float64Array, x: Float64Array, B: number): Float64Array {
  const net = new Mlp(spec, B);
  const out = new Float64Array(B * net.outputDim);
  net.forward(out, theta, x, B);
  return out;
}

const runs = { numRuns: 40 };

describe('Mlp.forward', () => {
  test.prop([specArb(), fc.integer(), fc.integer({ min: 1, max: 9 })], runs)('matches a naive per-sample reference', (spec, seed, B) => {
    const rng = createRng(seed);
    const theta = params(spec, seed);
    const x = randomArray(rng, B * spec.inputDim);
    const out = forwardOnce(spec, theta, x, B);
    const no = spec.layers[spec.layers.length - 1]!.units;
    for (let b = 0; b < B; b++) {
      const ref = referenceForward(spec, theta, x.subarray(b * spec.inputDim, (b + 1) * spec.inputDim));
      // Same float64 operations up to summation order and tanh via expm1: a few ulp per layer.
      expect(relErr(out.subarray(b * no, (b + 1) * no), ref)).toBeLessThan(1e-13);
    }
  });

  it('grows the workspace for a larger batch and keeps working', () => {
    const theta = params(REFERENCE_SPEC, 3);
    const net = new Mlp(REFERENCE_SPEC, 2);
    const x = randomArray(createRng(4), 7 * 4);
    const out = new Float64Array(7 * 24);
    net.forward(out, theta, x, 7);
    expect(net.capacity).toBe(7);
    expect(net.lastBatch).toBe(7);
    expect(relErr(out.subarray(6 * 24), referenceForward(REFERENCE_SPEC, theta, x.subarray(24, 28)))).toBeLessThan(1e-13);
  });
});

describe('Mlp.backward', () => {
  test.prop([specArb(true), fc.integer(), fc.integer({ min: 1, max: 5 })], { numRuns: 25 })(
    'parameter and input gradients match central finite differences',
    (spec, seed, B) => {
      const rng = createRng(seed);
      const theta = params(spec, seed);
      const P = theta.length;
      const x = randomArray(rng, B * spec.inputDim);
      const net = new Mlp(spec, B);
      const no = net.outputDim;
      const ct = randomArray(rng, B * no);
      const y = new Float64Array(B * no);
      net.forward(y, theta, x, B);
      const start = randomArray(rng, P);
      const g = Float64Array.from(start);
      const gx = new Float64Array(B * spec.inputDim);
      net.backward(g, ct, B, gx);
      for (let k = 0; k < P; k++) g[k] -= start[k]!; // backward accumulates
      // loss(θ, x) = Σ ct ⊙ f(x; θ). Central differences with h = 1e-6: truncation O(h²·f''') ≈ 1e-12,
      // cancellation ≈ eps·|loss|/h ≈ 1e-9 for |loss| ≲ 10, so 1e-6 relative leaves a wide margin.
      const h = 1e-6;
      const loss = (t: Float64Array, xx: Float64Array): number => dot(ct, forwardOnce(spec, t, xx, B));
      const fdP = new Float64Array(P);
      for (let k = 0; k < P; k++) {
        const tp = Float64Array.from(theta);
        const tm = Float64Array.from(theta);
        tp[k] += h;
        tm[k] -= h;
        fdP[k] = (loss(tp, x) - loss(tm, x)) / (2 * h);
      }
      expect(relErr(g, fdP)).toBeLessThan(1e-6);
      const fdX = new Float64Array(x.length);
      for (let k = 0; k < x.length; k++) {
        const xp = Float64Array.from(x);
        const xm = Float64Array.from(x);
        xp[k] += h;
        xm[k] -= h;
        fdX[k] = (loss(theta, xp) - loss(theta, xm)) / (2 * h);
      }
      expect(relErr(gx, fdX)).toBeLessThan(1e-6);
    },
  );

  it('uses the parameters of the forward pass even if the caller changes them afterwards', () => {
    const theta = params(REFERENCE_SPEC, 5);
    const x = randomArray(createRng(6), 3 * 4);
    const ct = randomArray(createRng(7), 3 * 24);
    const net = new Mlp(REFERENCE_SPEC, 3);
    const y = new Float64Array(3 * 24);
    net.forward(y, theta, x, 3);
    const g1 = new Float64Array(1444);
    net.backward(g1, ct, 3);
    theta.fill(0);
    const g2 = new Float64Array(1444);
    net.backward(g2, ct, 3);
    expect(g2).toEqual(g1);
  });

  it('relu uses derivative 0 at and below 0', () => {
    const spec: NetworkSpec = { inputDim: 1, layers: [{ units: 1, activation: 'relu' }] };
    const net = new Mlp(spec, 2);
    const y = new Float64Array(2);
    net.forward(y, new Float64Array([1, 0]), new Float64Array([0, -1]), 2);
    expect(Array.from(y)).toEqual([0, 0]);
    const g = new Float64Array(2);
    net.backward(g, new Float64Array([1, 1]), 2);
    expect(Array.from(g)).toEqual([0, 0]);
  });
});

/** `times` copies of `block`, one after the other. */
function tiled(block: Float64Array, times: number): Float64Array {
  const out = new Float64Array(block.length * times);
  for (let t = 0; t < times; t++) out.set(block, t * block.length);
  return out;
}

/** Explicit J for the current forward pass of `net`. */
function explicitJacobian(net: Mlp, C: Float64Array, B: number, R: number): Float64Array {
  const J = new Float64Array(B * R * net.paramCount);
  net.jacobian(J, C, B, R);
  return J;
}

describe('the Gram matrix for shared cotangent rows', () => {
  // With the same cotangent rows for every sample (affine physics) and a linear output layer, the
  // output layer's delta products are formed once and shared by all pairs. They are the products
  // the pair loop would form, summed in the same order: each sample's diagonal block equals,
  // bit for bit, the Gram matrix of that sample alone (which takes no shortcut).
  test.prop([specArb(), fc.integer(), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 6 })], runs)(
    'gives each sample the Gram block it has alone, bit for bit',
    (spec, seed, B, R) => {
      const rng = createRng(seed);
      const theta = params(spec, seed);
      const withLinearOutput: NetworkSpec = { ...spec, layers: spec.layers.map((l, i) => (i === spec.layers.length - 1 ? { ...l, activation: 'linear' } : l)) };
      const net = new Mlp(withLinearOutput, B);
      const no = net.outputDim;
      const N = B * R;
      const x = randomArray(rng, B * spec.inputDim);
      const rows = randomArray(rng, R * no);
      net.forward(new Float64Array(B * no), theta, x, B);
      const G = new Float64Array(N * N);
      net.gram(G, tiled(rows, B), B, R);
      for (let b = 0; b < B; b++) {
        const alone = new Mlp(withLinearOutput, 1);
        alone.forward(new Float64Array(no), theta, x.subarray(b * spec.inputDim, (b + 1) * spec.inputDim), 1);
        const g = new Float64Array(R * R);
        alone.gram(g, rows, 1, R);
        for (let r = 0; r < R; r++) for (let s = 0; s < R; s++) expect(G[(b * R + r) * N + b * R + s]).toBe(g[r * R + s]);
      }
    },
  );
});

describe('HIG Jacobian products', () => {
  // shared: every sample has the same cotangent rows, as with affine physics, where the Gram
  // takes its output-layer shortcut if that layer is linear.
  test.prop([specArb(), fc.integer(), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.boolean()], runs)(
    'gram = J Jᵀ, jtv = Jᵀ v, jv = J v, and the adjoint identity (cotangents per sample or shared)',
    (spec, seed, B, R, shared) => {
      const rng = createRng(seed);
      const theta = params(spec, seed);
      const P = theta.length;
      const net = new Mlp(spec, 2);
      const no = net.outputDim;
      const N = B * R;
      const x = randomArray(rng, B * spec.inputDim);
      const C = shared ? tiled(randomArray(rng, R * no), B) : randomArray(rng, B * R * no);
      net.forward(new Float64Array(B * no), theta, x, B);
      const J = explicitJacobian(net, C, B, R);

      const G = new Float64Array(N * N).fill(NaN);
      net.gram(G, C, B, R);
      const JJt = new Float64Array(N * N);
      for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) JJt[i * N + j] = dot(J.subarray(i * P, (i + 1) * P), J.subarray(j * P, (j + 1) * P));
      // Same products summed in a different order: roundoff ≈ P·eps relative to the largest entry.
      expect(relErr(G, JJt)).toBeLessThan(1e-12);
      for (let i = 0; i < N; i++) for (let j = 0; j < i; j++) expect(G[i * N + j]).toBe(G[j * N + i]);

      const w = randomArray(rng, N);
      const jtw = new Float64Array(P).fill(NaN);
      net.jtv(jtw, w);
      expect(relErr(jtw, matTVec(J, N, P, w))).toBeLessThan(1e-12);

      const v = randomArray(rng, P);
      const jv = new Float64Array(N).fill(NaN);
      net.jv(jv, v, C, B, R);
      expect(relErr(jv, matVec(J, N, P, v))).toBeLessThan(1e-12);

      // w·(J v) = (Jᵀ w)·v: both sides sum the same P·N products; bound the roundoff by
      // 1e-12 × Σ|w_i J_ik v_k| ≤ 1e-12 × ‖w‖·‖J‖_F·‖v‖.
      const norm = (a: Float64Array): number => Math.sqrt(dot(a, a));
      const scale = norm(w) * norm(J) * norm(v);
      expect(Math.abs(dot(w, jv) - dot(jtw, v))).toBeLessThanOrEqual(1e-12 * scale);
    },
  );

  test.prop([specArb(), fc.integer(), fc.integer({ min: 1, max: 6 })], runs)(
    'tangent is the output tangent: (Jᵀ w)·v = w·tangent(v) with identity cotangent rows (the matrix-free J v)',
    (spec, seed, B) => {
      const rng = createRng(seed);
      const theta = params(spec, seed);
      const P = theta.length;
      const net = new Mlp(spec, 2);
      const no = net.outputDim;
      net.forward(new Float64Array(B * no), theta, randomArray(rng, B * spec.inputDim), B);
      const v = randomArray(rng, P);
      const t = new Float64Array(B * no).fill(NaN);
      net.tangent(t, v, B);
      // jv with C = I per sample gives the same output tangent (same operations in the same order).
      const eye = new Float64Array(B * no * no);
      for (let b = 0; b < B; b++) for (let k = 0; k < no; k++) eye[(b * no + k) * no + k] = 1;
      const viaJv = new Float64Array(B * no);
      net.jv(viaJv, v, eye, B, no);
      expect(Array.from(t, (x) => x + 0)).toEqual(Array.from(viaJv, (x) => x + 0)); // +0: -0 and 0 alike
      // And it is the transpose of backward: w·(∂f/∂θ v) = ((∂f/∂θ)ᵀ w)·v to rounding.
      const w = randomArray(rng, B * no);
      const g = new Float64Array(P);
      net.backward(g, w, B);
      const norm = (a: Float64Array): number => Math.sqrt(dot(a, a));
      expect(Math.abs(dot(w, t) - dot(g, v))).toBeLessThanOrEqual(1e-12 * (norm(w) * norm(t) + norm(g) * norm(v)));
    },
  );

  test.prop([specArb(true), fc.integer(), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 })], { numRuns: 20 })(
    'explicit jacobian rows match central finite differences of C·f',
    (spec, seed, B, R) => {
      const rng = createRng(seed);
      const theta = params(spec, seed);
      const P = theta.length;
      const net = new Mlp(spec, B);
      const no = net.outputDim;
      const x = randomArray(rng, B * spec.inputDim);
      const C = randomArray(rng, B * R * no);
      net.forward(new Float64Array(B * no), theta, x, B);
      const J = explicitJacobian(net, C, B, R);
      const rows = (t: Float64Array): Float64Array => {
        const y = forwardOnce(spec, t, x, B);
        const out = new Float64Array(B * R);
        for (let b = 0; b < B; b++) for (let r = 0; r < R; r++) out[b * R + r] = dot(C.subarray((b * R + r) * no, (b * R + r + 1) * no), y.subarray(b * no, (b + 1) * no));
        return out;
      };
      // Same step and tolerance reasoning as for backward.
      const h = 1e-6;
      const fd = new Float64Array(B * R * P);
      for (let k = 0; k < P; k++) {
        const tp = Float64Array.from(theta);
        const tm = Float64Array.from(theta);
        tp[k] += h;
        tm[k] -= h;
        const yp = rows(tp);
        const ym = rows(tm);
        for (let n = 0; n < B * R; n++) fd[n * P + k] = (yp[n]! - ym[n]!) / (2 * h);
      }
      expect(relErr(J, fd)).toBeLessThan(1e-6);
    },
  );

  it.each([false, true])('reference spec, B = 32, R = 4, shared cotangents %s: gram = J Jᵀ and jtv after gram', (shared) => {
    const B = 32, R = 4, N = 128, P = 1444;
    const rng = createRng(11);
    const theta = params(REFERENCE_SPEC, 11);
    const net = new Mlp(REFERENCE_SPEC, B);
    const C = shared ? tiled(randomArray(rng, R * 24), B) : randomArray(rng, B * R * 24);
    net.forward(new Float64Array(B * 24), theta, randomArray(rng, B * 4), B);
    const G = new Float64Array(N * N);
    net.gram(G, C, B, R);
    const w = randomArray(rng, N);
    const jtw = new Float64Array(P);
    net.jtv(jtw, w);
    const J = explicitJacobian(net, C, B, R);
    const JJt = new Float64Array(N * N);
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) JJt[i * N + j] = dot(J.subarray(i * P, (i + 1) * P), J.subarray(j * P, (j + 1) * P));
    expect(relErr(G, JJt)).toBeLessThan(1e-12);
    expect(relErr(jtw, matTVec(J, N, P, w))).toBeLessThan(1e-12);
  });

  it('jtv needs deltas from gram/jacobian after the latest forward', () => {
    const theta = params(REFERENCE_SPEC, 1);
    const net = new Mlp(REFERENCE_SPEC, 2);
    const x = randomArray(createRng(2), 8);
    const C = randomArray(createRng(3), 2 * 4 * 24);
    const y = new Float64Array(48);
    net.forward(y, theta, x, 2);
    expect(() => net.jtv(new Float64Array(1444), new Float64Array(8))).toThrow(/Mlp\.jtv: no cotangent deltas/);
    net.gram(new Float64Array(64), C, 2, 4);
    expect(() => net.jtv(new Float64Array(1444), new Float64Array(8))).not.toThrow();
    net.forward(y, theta, x, 2);
    expect(() => net.jtv(new Float64Array(1444), new Float64Array(8))).toThrow(/no cotangent deltas/);
  });
});

describe('Mlp argument errors', () => {
  const P = paramCount(REFERENCE_SPEC);
  const net = new Mlp(REFERENCE_SPEC, 4);
  const theta = params(REFERENCE_SPEC, 1);
  const x = new Float64Array(16);
  const y = new Float64Array(4 * 24);

  it('wrong sizes are RangeErrors naming the function and argument', () => {
    expect(() => net.forward(y, theta.subarray(1), x, 4)).toThrow(RangeError);
    expect(() => net.forward(y, theta.subarray(1), x, 4)).toThrow(/Mlp\.forward: params must have length 1444.*received length 1443/);
    expect(() => net.forward(y, theta, x.subarray(1), 4)).toThrow(/Mlp\.forward: x must have length >= 16/);
    expect(() => net.forward(new Float64Array(3), theta, x, 4)).toThrow(/Mlp\.forward: out/);
    expect(() => net.forward(y, theta, x, 0)).toThrow(/Mlp\.forward: B must be a positive integer/);
    expect(() => new Mlp(REFERENCE_SPEC, 1.5)).toThrow(RangeError);
    net.forward(y, theta, x, 4);
    expect(() => net.backward(new Float64Array(P + 1), y, 4)).toThrow(/Mlp\.backward: gradParams/);
    expect(() => net.backward(new Float64Array(P), y, 3)).toThrow(/Mlp\.backward: B must equal the batch size of the last forward call \(4\), received 3/);
    expect(() => net.backward(new Float64Array(P), y, 4, new Float64Array(2))).toThrow(/Mlp\.backward: gradInput/);
    expect(() => net.gram(new Float64Array(10), new Float64Array(4 * 4 * 24), 4, 4)).toThrow(/Mlp\.gram: out must have length >= 256/);
    expect(() => net.gram(new Float64Array(256), new Float64Array(5), 4, 4)).toThrow(/Mlp\.gram: C must have length >= 384/);
    expect(() => net.jv(new Float64Array(16), new Float64Array(P), new Float64Array(384), 4, 0)).toThrow(/Mlp\.jv: R/);
    expect(() => net.jacobian(new Float64Array(5), new Float64Array(384), 4, 4)).toThrow(/Mlp\.jacobian: out/);
  });

  it('wrong kinds are TypeErrors; calls before forward are Errors', () => {
    expect(() => net.forward(y, Array.from(theta) as unknown as Float64Array, x, 4)).toThrow(TypeError);
    expect(() => net.forward(y, new Float32Array(P) as unknown as Float64Array, x, 4)).toThrow(/params must be a Float64Array, received Float32Array/);
    const fresh = new Mlp(REFERENCE_SPEC, 1);
    expect(() => fresh.backward(new Float64Array(P), new Float64Array(24), 1)).toThrow(/Mlp\.backward: no cached forward pass/);
    expect(() => new Mlp({ inputDim: 4, layers: [] }, 1)).toThrow(/spec\.layers/);
  });
});

describe('Mlp.gram on the WebAssembly kernel', () => {
  const thresholds = { ...splitThresholds };
  beforeAll(async () => {
    splitThresholds.gram = 0; // split even the smallest Gram over both threads
    await startWorkerPool(2);
  });
  afterAll(async () => {
    Object.assign(splitThresholds, thresholds);
    await closeWorkerPool();
  });

  // R up to 7: tiles of 4 cotangent rows with partial edges; B up to 9: odd pair counts per thread.
  test.prop([specArb(), fc.integer(), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 7 }), fc.boolean()], { numRuns: 30 })(
    'gives the TypeScript loop bit for bit, on one thread or two, and so do the deltas Jᵀw reads',
    (spec, seed, B, R, shared) => {
      const rng = createRng(seed);
      const theta = params(spec, seed);
      const net = new Mlp(spec, B);
      const no = net.outputDim;
      const N = B * R;
      const C = shared ? tiled(randomArray(rng, R * no), B) : randomArray(rng, B * R * no);
      const w = randomArray(rng, N);
      net.forward(new Float64Array(B * no), theta, randomArray(rng, B * spec.inputDim), B);
      const plain = new Float64Array(N * N);
      net.gram(plain, C, B, R);
      const plainStep = new Float64Array(net.paramCount);
      net.jtv(plainStep, w);
      const owner = {};
      for (const threads of [1, 2]) {
        const inShared = allocShared(owner, N * N).fill(NaN);
        net.gram(inShared, C, B, R, threads);
        expect(Array.from(inShared)).toEqual(Array.from(plain));
        const step = new Float64Array(net.paramCount).fill(NaN);
        net.jtv(step, w);
        expect(Array.from(step)).toEqual(Array.from(plainStep));
      }
    },
  );
});
