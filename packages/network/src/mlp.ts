import { checkAtLeast, checkExactly, checkPositiveInt } from './check.js';
import type { NetworkSpec } from './network-spec.js';
import { paramCount, paramLayout } from './param-layout.js';

const LINEAR = 0;
const TANH = 1;
const RELU = 2;

/**
 * Float64 kernels for a controller MLP `f(x; θ)`: batched forward pass, vector-Jacobian product,
 * and the per-sample parameter-Jacobian products that Half-Inverse Gradients need.
 *
 * Notation. Layers `l = 1..L` with widths `n_0 = inputDim, n_1, …, n_L = outputDim`;
 * `z_l = a_{l-1} W_l + b_l`, `a_l = σ_l(z_l)`, `a_0 = x`, `f = a_L`. Parameters `θ [P]` are flat
 * in Keras order (kernel `W_l [n_{l-1}×n_l]` row-major, then bias `b_l [n_l]`, layer by layer).
 *
 * HIG Jacobian. Each sample `b` carries `R` cotangent rows `C[b, r, :] [outputDim]` (for HIG:
 * the physics Jacobian `dy/du`, R = physics state dim). Row `(b, r)` of `J [(B·R)×P]` is
 * `d(C[b,r,:]·f(x_b; θ))/dθ`. With the back-propagated deltas
 * `δ_L[(b,r)] = C[b,r,:] ⊙ σ_L'(z_{L,b})`, `δ_{l-1}[(b,r)] = (δ_l[(b,r)] W_lᵀ) ⊙ σ_{l-1}'(z_{l-1,b})`
 * the row is, per layer, `outer(a_{l-1,b}, δ_l[(b,r)])` for the kernel and `δ_l[(b,r)]` for the bias.
 *
 * State. `forward` caches the inputs, post-activations and activation derivatives (and a copy of
 * θ, so the caller may update its parameters in place right after). Every other method works on
 * the batch of the LAST `forward` call and requires the same `B`. `gram` and `jacobian` compute
 * and keep the deltas for their `C`; `jtv` reuses the deltas of the latest `gram`/`jacobian` call
 * made after the latest `forward` (it throws otherwise). `jv` uses forward-mode differentiation
 * and does not need or touch the deltas.
 *
 * Sizes. Arrays shaped by `P` must have length exactly `P`; batch-shaped arrays must have at
 * least the stated number of elements (only the leading part is read or written), so buffers
 * preallocated for a maximum batch may be reused for smaller ones. Wrong sizes throw RangeError,
 * non-Float64Array arguments TypeError.
 *
 * Workspace. All buffers are preallocated for `maxBatch` samples at construction (the cotangent
 * buffers of `gram`/`jacobian` on their first call, for `B·R` rows). A larger batch is accepted:
 * the workspace then GROWS to the new size (one allocation, kept for later calls). No method
 * allocates otherwise.
 */
export class Mlp {
  readonly spec: NetworkSpec;
  readonly inputDim: number;
  readonly outputDim: number;
  /** Number of parameters `P`. */
  readonly paramCount: number;

  private readonly numLayers: number;
  /** widths[l] = n_l for l = 0..L. */
  private readonly widths: Int32Array;
  private readonly actKind: Int32Array;
  private readonly kernelOffset: Int32Array;
  private readonly biasOffset: Int32Array;
  /** Column offset of layer l's deltas inside one concatenated delta row of width `deltaWidth`. */
  private readonly deltaCol: Int32Array;
  /** S = Σ_{l≥1} n_l. */
  private readonly deltaWidth: number;
  private readonly maxWidth: number;

  private cap: number;
  /** acts[l] = a_l [cap×n_l], l = 0..L (acts[0] is a copy of x). */
  private acts: Float64Array[];
  /** dacts[l] = σ_l'(z_l) [cap×n_l], l = 1..L (dacts[0] unused). */
  private dacts: Float64Array[];
  private bufA: Float64Array;
  private bufB: Float64Array;
  /** The parameters of the last forward [P]. */
  private readonly theta: Float64Array;

  /** Deltas [rows×S]: row (b,r) = concat_l δ_l[(b,r)]. */
  private deltas: Float64Array;
  private deltaRowCap = 0;
  /** Per-layer sample Grams A_l[b,c] = 1 + a_{l-1,b}·a_{l-1,c}, [L×B×B]. */
  private sampleGram: Float64Array;
  /** jtv scratch: E[b, :] = Σ_r v_(b,r) δ[(b,r), :], [cap×S]. */
  private rowSums: Float64Array;

  private batch = 0;
  private deltaB = 0;
  private deltaR = 0;

  /**
   * @param spec network description (validated).
   * @param maxBatch batch size the workspace is sized for (a positive integer; larger batches grow it).
   */
  constructor(spec: NetworkSpec, maxBatch: number) {
    const layout = paramLayout(spec);
    checkPositiveInt('Mlp constructor', 'maxBatch', maxBatch);
    this.spec = spec;
    this.numLayers = layout.length;
    this.inputDim = spec.inputDim;
    this.outputDim = layout[layout.length - 1]!.units;
    this.paramCount = paramCount(spec);
    const L = this.numLayers;
    this.widths = new Int32Array(L + 1);
    this.actKind = new Int32Array(L + 1);
    this.kernelOffset = new Int32Array(L + 1);
    this.biasOffset = new Int32Array(L + 1);
    this.deltaCol = new Int32Array(L + 1);
    this.widths[0] = spec.inputDim;
    let col = 0;
    for (let l = 1; l <= L; l++) {
      const layer = layout[l - 1]!;
      this.widths[l] = layer.units;
      this.actKind[l] = layer.activation === 'tanh' ? TANH : layer.activation === 'relu' ? RELU : LINEAR;
      this.kernelOffset[l] = layer.kernelOffset;
      this.biasOffset[l] = layer.biasOffset;
      this.deltaCol[l] = col;
      col += layer.units;
    }
    this.deltaWidth = col;
    this.maxWidth = Math.max(...this.widths);
    this.theta = new Float64Array(this.paramCount);
    this.cap = 0;
    this.acts = [];
    this.dacts = [];
    this.bufA = new Float64Array(0);
    this.bufB = new Float64Array(0);
    this.sampleGram = new Float64Array(0);
    this.rowSums = new Float64Array(0);
    this.deltas = new Float64Array(0);
    this.grow(maxBatch);
  }

  /** Current workspace capacity in samples (≥ maxBatch; grows with larger batches). */
  get capacity(): number {
    return this.cap;
  }

  /** Batch size of the last `forward` call (0 before the first). */
  get lastBatch(): number {
    return this.batch;
  }

  private grow(B: number): void {
    const L = this.numLayers;
    this.cap = B;
    this.acts = [];
    this.dacts = [];
    for (let l = 0; l <= L; l++) {
      this.acts.push(new Float64Array(B * this.widths[l]!));
      this.dacts.push(new Float64Array(l === 0 ? 0 : B * this.widths[l]!));
    }
    this.bufA = new Float64Array(B * this.maxWidth);
    this.bufB = new Float64Array(B * this.maxWidth);
    this.sampleGram = new Float64Array(L * B * B);
    this.rowSums = new Float64Array(B * this.deltaWidth);
    this.batch = 0;
    this.deltaB = 0;
  }

  /**
   * Batched forward pass `out = f(x; params)`; caches what the derivative methods need.
   * @param out [B×outputDim] written.
   * @param params θ [P].
   * @param x [B×inputDim].
   * @param B batch size (grows the workspace if above its capacity).
   */
  forward(out: Float64Array, params: Float64Array, x: Float64Array, B: number): void {
    const fn = 'Mlp.forward';
    checkPositiveInt(fn, 'B', B);
    checkAtLeast(fn, 'out', out, B * this.outputDim, `[B×outputDim] = [${B}×${this.outputDim}]`);
    checkExactly(fn, 'params', params, this.paramCount, `[P] = [${this.paramCount}]`);
    checkAtLeast(fn, 'x', x, B * this.inputDim, `[B×inputDim] = [${B}×${this.inputDim}]`);
    if (B > this.cap) this.grow(B);
    const theta = this.theta;
    theta.set(params);
    const a0 = this.acts[0]!;
    const nx = B * this.inputDim;
    for (let k = 0; k < nx; k++) a0[k] = x[k]!;
    const L = this.numLayers;
    for (let l = 1; l <= L; l++) {
      const nin = this.widths[l - 1]!;
      const nout = this.widths[l]!;
      const a = this.acts[l - 1]!;
      const z = this.acts[l]!;
      const d = this.dacts[l]!;
      const kOff = this.kernelOffset[l]!;
      const bOff = this.biasOffset[l]!;
      for (let b = 0; b < B; b++) {
        const zo = b * nout;
        const ao = b * nin;
        for (let j = 0; j < nout; j++) z[zo + j] = theta[bOff + j]!;
        for (let i = 0; i < nin; i++) {
          const ai = a[ao + i]!;
          if (ai === 0) continue;
          const wo = kOff + i * nout;
          for (let j = 0; j < nout; j++) z[zo + j] += ai * theta[wo + j]!;
        }
      }
      const n = B * nout;
      const kind = this.actKind[l]!;
      if (kind === TANH) {
        for (let k = 0; k < n; k++) {
          const t = Math.tanh(z[k]!);
          z[k] = t;
          d[k] = 1 - t * t;
        }
      } else if (kind === RELU) {
        for (let k = 0; k < n; k++) {
          if (z[k]! > 0) d[k] = 1;
          else {
            z[k] = 0;
            d[k] = 0;
          }
        }
      } else {
        for (let k = 0; k < n; k++) d[k] = 1;
      }
    }
    const aL = this.acts[L]!;
    const no = B * this.outputDim;
    for (let k = 0; k < no; k++) out[k] = aL[k]!;
    this.batch = B;
    this.deltaB = 0;
    this.deltaR = 0;
  }

  private checkBatch(fn: string, B: number): void {
    checkPositiveInt(fn, 'B', B);
    if (this.batch === 0) throw new Error(`${fn}: no cached forward pass; call Mlp.forward first`);
    if (B !== this.batch) {
      throw new RangeError(`${fn}: B must equal the batch size of the last forward call (${this.batch}), received ${B}`);
    }
  }

  /**
   * Vector-Jacobian product of the last forward pass:
   * `gradParams += (d f/dθ)ᵀ outCotangent` and, if given, `gradInput = (d f/dx)ᵀ outCotangent`.
   * @param gradParams [P], ACCUMULATED into (+=).
   * @param outCotangent [B×outputDim], the cotangent of the outputs.
   * @param B batch size of the last forward.
   * @param gradInput [B×inputDim], OVERWRITTEN when given.
   */
  backward(gradParams: Float64Array, outCotangent: Float64Array, B: number, gradInput?: Float64Array): void {
    const fn = 'Mlp.backward';
    this.checkBatch(fn, B);
    checkExactly(fn, 'gradParams', gradParams, this.paramCount, `[P] = [${this.paramCount}]`);
    checkAtLeast(fn, 'outCotangent', outCotangent, B * this.outputDim, `[B×outputDim] = [${B}×${this.outputDim}]`);
    if (gradInput !== undefined) {
      checkAtLeast(fn, 'gradInput', gradInput, B * this.inputDim, `[B×inputDim] = [${B}×${this.inputDim}]`);
    }
    const L = this.numLayers;
    const theta = this.theta;
    let g = this.bufA;
    let gPrev = this.bufB;
    {
      const dL = this.dacts[L]!;
      const n = B * this.outputDim;
      for (let k = 0; k < n; k++) g[k] = outCotangent[k]! * dL[k]!;
    }
    for (let l = L; l >= 1; l--) {
      const nin = this.widths[l - 1]!;
      const nout = this.widths[l]!;
      const a = this.acts[l - 1]!;
      const kOff = this.kernelOffset[l]!;
      const bOff = this.biasOffset[l]!;
      // dW[i, j] += Σ_b a[b, i] g[b, j];  db[j] += Σ_b g[b, j]
      for (let b = 0; b < B; b++) {
        const go = b * nout;
        const ao = b * nin;
        for (let i = 0; i < nin; i++) {
          const ai = a[ao + i]!;
          if (ai === 0) continue;
          const wo = kOff + i * nout;
          for (let j = 0; j < nout; j++) gradParams[wo + j] += ai * g[go + j]!;
        }
        for (let j = 0; j < nout; j++) gradParams[bOff + j] += g[go + j]!;
      }
      if (l === 1 && gradInput === undefined) break;
      // gPrev[b, i] = (Σ_j g[b, j] W[i, j]) · σ'_{l-1}[b, i]   (no σ' for the input)
      const target = l === 1 ? gradInput! : gPrev;
      const dPrev = this.dacts[l - 1]!;
      for (let b = 0; b < B; b++) {
        const go = b * nout;
        const po = b * nin;
        for (let i = 0; i < nin; i++) {
          const wo = kOff + i * nout;
          let s = 0;
          for (let j = 0; j < nout; j++) s += g[go + j]! * theta[wo + j]!;
          target[po + i] = l === 1 ? s : s * dPrev[po + i]!;
        }
      }
      const t = g;
      g = gPrev;
      gPrev = t;
    }
  }

  /** Checks C and back-propagates its B·R rows into `this.deltas` (see the class comment). */
  private computeDeltas(fn: string, C: Float64Array, B: number, R: number): void {
    this.checkBatch(fn, B);
    checkPositiveInt(fn, 'R', R);
    const no = this.outputDim;
    checkAtLeast(fn, 'C', C, B * R * no, `[B×R×outputDim] = [${B}×${R}×${no}]`);
    const N = B * R;
    const S = this.deltaWidth;
    if (N > this.deltaRowCap) {
      this.deltas = new Float64Array(N * S);
      this.deltaRowCap = N;
    }
    const D = this.deltas;
    const theta = this.theta;
    const L = this.numLayers;
    {
      const dL = this.dacts[L]!;
      const co = this.deltaCol[L]!;
      for (let b = 0; b < B; b++) {
        const so = b * no;
        for (let r = 0; r < R; r++) {
          const n = b * R + r;
          const ci = n * no;
          const di = n * S + co;
          for (let j = 0; j < no; j++) D[di + j] = C[ci + j]! * dL[so + j]!;
        }
      }
    }
    for (let l = L; l >= 2; l--) {
      const nin = this.widths[l - 1]!;
      const nout = this.widths[l]!;
      const kOff = this.kernelOffset[l]!;
      const coOut = this.deltaCol[l]!;
      const coIn = this.deltaCol[l - 1]!;
      const dPrev = this.dacts[l - 1]!;
      for (let b = 0; b < B; b++) {
        const so = b * nin;
        for (let r = 0; r < R; r++) {
          const row = (b * R + r) * S;
          const src = row + coOut;
          const dst = row + coIn;
          for (let i = 0; i < nin; i++) {
            const wo = kOff + i * nout;
            let s = 0;
            for (let j = 0; j < nout; j++) s += D[src + j]! * theta[wo + j]!;
            D[dst + i] = s * dPrev[so + i]!;
          }
        }
      }
    }
    this.deltaB = B;
    this.deltaR = R;
  }

  /**
   * Gram matrix `out = J Jᵀ [(B·R)×(B·R)]` of the network-physics Jacobian (see the class comment),
   * assembled layer by layer without forming J:
   * `G[(b,r),(c,s)] = Σ_l (a_{l-1,b}·a_{l-1,c} + 1) · (δ_l[(b,r)]·δ_l[(c,s)])` (+1: the bias).
   * Keeps the deltas for a following `jtv`.
   * @param out [(B·R)×(B·R)] written (symmetric).
   * @param C [B×R×outputDim] cotangent rows per sample.
   */
  gram(out: Float64Array, C: Float64Array, B: number, R: number): void {
    const fn = 'Mlp.gram';
    checkPositiveInt(fn, 'B', B);
    checkPositiveInt(fn, 'R', R);
    const N = B * R;
    checkAtLeast(fn, 'out', out, N * N, `[(B·R)×(B·R)] = [${N}×${N}]`);
    this.computeDeltas(fn, C, B, R);
    const L = this.numLayers;
    const BB = B * B;
    const A = this.sampleGram;
    // A_l[b, c] = 1 + a_{l-1,b} · a_{l-1,c}
    for (let l = 1; l <= L; l++) {
      const n = this.widths[l - 1]!;
      const a = this.acts[l - 1]!;
      const ao = (l - 1) * BB;
      for (let b = 0; b < B; b++) {
        const pb = b * n;
        for (let c = b; c < B; c++) {
          const pc = c * n;
          let s = 1;
          for (let i = 0; i < n; i++) s += a[pb + i]! * a[pc + i]!;
          A[ao + b * B + c] = s;
        }
      }
    }
    const D = this.deltas;
    const S = this.deltaWidth;
    const widths = this.widths;
    const cols = this.deltaCol;
    // Sample pairs b ≤ c; within a pair, 2×2 register blocks of cotangent rows. An odd last row is
    // handled by clamping the second index (r1 = r): the duplicate results land on the same entry.
    for (let b = 0; b < B; b++) {
      for (let c = b; c < B; c++) {
        const pairOff = b * B + c;
        for (let r = 0; r < R; r += 2) {
          const r1 = r + 1 < R ? r + 1 : r;
          const x0Row = (b * R + r) * S;
          const x1Row = (b * R + r1) * S;
          for (let s = 0; s < R; s += 2) {
            const s1 = s + 1 < R ? s + 1 : s;
            const y0Row = (c * R + s) * S;
            const y1Row = (c * R + s1) * S;
            let g00 = 0, g01 = 0, g10 = 0, g11 = 0;
            for (let l = 1; l <= L; l++) {
              const w = A[(l - 1) * BB + pairOff]!;
              const co = cols[l]!;
              const n = widths[l]!;
              const x0 = x0Row + co, x1 = x1Row + co, y0 = y0Row + co, y1 = y1Row + co;
              let d00 = 0, d01 = 0, d10 = 0, d11 = 0;
              for (let j = 0; j < n; j++) {
                const u0 = D[x0 + j]!;
                const u1 = D[x1 + j]!;
                const v0 = D[y0 + j]!;
                const v1 = D[y1 + j]!;
                d00 += u0 * v0;
                d01 += u0 * v1;
                d10 += u1 * v0;
                d11 += u1 * v1;
              }
              g00 += w * d00;
              g01 += w * d01;
              g10 += w * d10;
              g11 += w * d11;
            }
            const i0 = b * R + r, i1 = b * R + r1, k0 = c * R + s, k1 = c * R + s1;
            out[i0 * N + k0] = g00;
            out[k0 * N + i0] = g00;
            out[i0 * N + k1] = g01;
            out[k1 * N + i0] = g01;
            out[i1 * N + k0] = g10;
            out[k0 * N + i1] = g10;
            out[i1 * N + k1] = g11;
            out[k1 * N + i1] = g11;
          }
        }
      }
    }
  }

  /**
   * `out = Jᵀ v [P]` (overwritten), with the deltas of the latest `gram` or `jacobian` call made
   * after the latest `forward` (throws if there is none):
   * per layer `Σ_(b,r) v_(b,r) · outer(a_{l-1,b}, δ_l[(b,r)])` for the kernel, `Σ v_(b,r) δ_l[(b,r)]` for the bias.
   * @param out [P] overwritten.
   * @param v [B·R] with B, R those of the call that computed the deltas.
   */
  jtv(out: Float64Array, v: Float64Array): void {
    const fn = 'Mlp.jtv';
    if (this.deltaB === 0) {
      throw new Error(`${fn}: no cotangent deltas for the current forward pass; call Mlp.gram or Mlp.jacobian after Mlp.forward first`);
    }
    const B = this.deltaB;
    const R = this.deltaR;
    checkExactly(fn, 'out', out, this.paramCount, `[P] = [${this.paramCount}]`);
    checkAtLeast(fn, 'v', v, B * R, `[B·R] = [${B}·${R}]`);
    const S = this.deltaWidth;
    const D = this.deltas;
    const E = this.rowSums;
    // E[b, :] = Σ_r v_(b,r) δ[(b,r), :]
    for (let b = 0; b < B; b++) {
      const eo = b * S;
      for (let k = 0; k < S; k++) E[eo + k] = 0;
      for (let r = 0; r < R; r++) {
        const vr = v[b * R + r]!;
        if (vr === 0) continue;
        const dOff = (b * R + r) * S;
        for (let k = 0; k < S; k++) E[eo + k] += vr * D[dOff + k]!;
      }
    }
    out.fill(0);
    const L = this.numLayers;
    for (let l = 1; l <= L; l++) {
      const nin = this.widths[l - 1]!;
      const nout = this.widths[l]!;
      const a = this.acts[l - 1]!;
      const kOff = this.kernelOffset[l]!;
      const bOff = this.biasOffset[l]!;
      const co = this.deltaCol[l]!;
      for (let b = 0; b < B; b++) {
        const eo = b * S + co;
        const ao = b * nin;
        for (let i = 0; i < nin; i++) {
          const ai = a[ao + i]!;
          if (ai === 0) continue;
          const wo = kOff + i * nout;
          for (let j = 0; j < nout; j++) out[wo + j] += ai * E[eo + j]!;
        }
        for (let j = 0; j < nout; j++) out[bOff + j] += E[eo + j]!;
      }
    }
  }

  /**
   * `out = J v [B·R]` by forward-mode differentiation of the last forward pass along the parameter
   * direction `vParams`, contracted with C: `out[(b,r)] = C[b,r,:] · (d f(x_b)/dθ · vParams)`.
   * Independent of the deltas (does not use or change them).
   * @param out [B·R] written.
   * @param vParams [P] parameter direction.
   * @param C [B×R×outputDim].
   */
  jv(out: Float64Array, vParams: Float64Array, C: Float64Array, B: number, R: number): void {
    const fn = 'Mlp.jv';
    this.checkBatch(fn, B);
    checkPositiveInt(fn, 'R', R);
    const no = this.outputDim;
    checkAtLeast(fn, 'out', out, B * R, `[B·R] = [${B}·${R}]`);
    checkExactly(fn, 'vParams', vParams, this.paramCount, `[P] = [${this.paramCount}]`);
    checkAtLeast(fn, 'C', C, B * R * no, `[B×R×outputDim] = [${B}×${R}×${no}]`);
    const L = this.numLayers;
    const theta = this.theta;
    let t = this.bufA; // tangent of a_{l}, [B×n_l]
    let tPrev = this.bufB;
    for (let l = 1; l <= L; l++) {
      const nin = this.widths[l - 1]!;
      const nout = this.widths[l]!;
      const a = this.acts[l - 1]!;
      const d = this.dacts[l]!;
      const kOff = this.kernelOffset[l]!;
      const bOff = this.biasOffset[l]!;
      for (let b = 0; b < B; b++) {
        const to = b * nout;
        const ao = b * nin;
        for (let j = 0; j < nout; j++) t[to + j] = vParams[bOff + j]!;
        for (let i = 0; i < nin; i++) {
          const ai = a[ao + i]!;
          const ti = l === 1 ? 0 : tPrev[ao + i]!;
          if (ai === 0 && ti === 0) continue;
          const wo = kOff + i * nout;
          for (let j = 0; j < nout; j++) t[to + j] += ai * vParams[wo + j]! + ti * theta[wo + j]!;
        }
        for (let j = 0; j < nout; j++) t[to + j] *= d[to + j]!;
      }
      const swap = t;
      t = tPrev;
      tPrev = swap;
    }
    // tPrev now holds the output tangent [B×outputDim].
    for (let b = 0; b < B; b++) {
      const to = b * no;
      for (let r = 0; r < R; r++) {
        const n = b * R + r;
        const ci = n * no;
        let s = 0;
        for (let k = 0; k < no; k++) s += C[ci + k]! * tPrev[to + k]!;
        out[n] = s;
      }
    }
  }

  /**
   * The explicit Jacobian `out = J [(B·R)×P]` row-major (for tests and an exact-SVD route).
   * Keeps the deltas for a following `jtv`.
   * @param out [(B·R)×P] written.
   * @param C [B×R×outputDim].
   */
  jacobian(out: Float64Array, C: Float64Array, B: number, R: number): void {
    const fn = 'Mlp.jacobian';
    checkPositiveInt(fn, 'B', B);
    checkPositiveInt(fn, 'R', R);
    const P = this.paramCount;
    checkAtLeast(fn, 'out', out, B * R * P, `[(B·R)×P] = [${B * R}×${P}]`);
    this.computeDeltas(fn, C, B, R);
    const D = this.deltas;
    const S = this.deltaWidth;
    const L = this.numLayers;
    for (let b = 0; b < B; b++) {
      for (let r = 0; r < R; r++) {
        const n = b * R + r;
        const jo = n * P;
        for (let l = 1; l <= L; l++) {
          const nin = this.widths[l - 1]!;
          const nout = this.widths[l]!;
          const a = this.acts[l - 1]!;
          const dOff = n * S + this.deltaCol[l]!;
          const kOff = jo + this.kernelOffset[l]!;
          const bOff = jo + this.biasOffset[l]!;
          for (let i = 0; i < nin; i++) {
            const ai = a[b * nin + i]!;
            const wo = kOff + i * nout;
            for (let j = 0; j < nout; j++) out[wo + j] = ai * D[dOff + j]!;
          }
          for (let j = 0; j < nout; j++) out[bOff + j] = D[dOff + j]!;
        }
      }
    }
  }
}
