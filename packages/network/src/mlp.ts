import { allocShared, gramArraysShared, gramPairsKernel, isShared, wasmKernels } from '@hig-lab/kernels';
import type { WasmKernels } from '@hig-lab/kernels';
import { checkAtLeast, checkExactly, checkPositiveInt } from './check.js';
import { gemm } from './gemm.js';
import type { NetworkSpec } from './network-spec.js';
import { paramCount, paramLayout } from './param-layout.js';

const LINEAR = 0;
const TANH = 1;
const RELU = 2;

/**
 * tanh through expm1 (accurate to a few ulp everywhere, about 1.5× faster than Math.tanh in V8):
 * `tanh x = e / (e + 2)` with `e = expm1(2x)`; saturates to ±1 for |x| > 20, where
 * `1 − tanh|x| < 1e-17` is below float64 resolution.
 */
function tanh(x: number): number {
  if (x > 20) return 1;
  if (x < -20) return -1;
  const e = Math.expm1(2 * x);
  return e / (e + 2);
}

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
 * made after the latest `forward` (it throws otherwise; nothing is recomputed). `jv` uses
 * forward-mode differentiation and neither needs nor changes the deltas.
 *
 * Sizes. Arrays shaped by `P` must have length exactly `P`; batch-shaped arrays must have at
 * least the stated number of elements (only the leading part is read or written), so buffers
 * preallocated for a maximum batch may be reused for smaller ones. Wrong sizes throw RangeError,
 * non-Float64Array arguments TypeError.
 *
 * Workspace. All buffers are preallocated for `maxBatch` samples at construction (the delta
 * buffer of `gram`/`jacobian` on their first call, for `B·R` rows). A larger batch is accepted:
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
  /** Offset of layer l's deltas inside one sample's concatenated delta block (k index, see `deltas`). */
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

  /**
   * Deltas [B×S×Rp] with Rp = R rounded up to a multiple of 4:
   * `deltas[(b·S + deltaCol[l] + j)·Rp + r] = δ_l[(b,r), j]` for r < R; the padding stays 0. Per
   * sample the cotangent rows are interleaved (r fastest), so the Gram kernel reads 4 rows at
   * constant offsets.
   */
  private deltas: Float64Array;
  private deltaCap = 0;
  /** Gram tile accumulator [4×4]. */
  private readonly tile = new Float64Array(16);
  /**
   * Output-layer delta products `M[r·Rp + s] = δ_L[(b,r)]·δ_L[(b,s)]` when they are the same for
   * every sample (see `gram`), [Rp×Rp].
   */
  private outputProducts: Float64Array;
  /** Per-layer sample Grams A_l[b,c] = 1 + a_{l-1,b}·a_{l-1,c}, [L×cap×cap] (B×B used). */
  private sampleGram: Float64Array;
  /** jtv scratch: E[b, k] = Σ_r v_(b,r) δ[(b,r), k], [cap×S]. */
  private rowSums: Float64Array;

  /** The WebAssembly kernels (null: the TypeScript loops), and the layer table they read. */
  private readonly kernels: WasmKernels | null = wasmKernels();
  private readonly widthsTable: Float64Array;
  private readonly colsTable: Float64Array;

  private batch = 0;
  private deltaB = 0;
  private deltaR = 0;
  /** Padded row count Rp of the current deltas. */
  private deltaRp = 0;

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
    this.theta = this.alloc(this.paramCount);
    this.cap = 0;
    this.acts = [];
    this.dacts = [];
    this.bufA = new Float64Array(0);
    this.bufB = new Float64Array(0);
    this.sampleGram = new Float64Array(0);
    this.rowSums = new Float64Array(0);
    this.deltas = new Float64Array(0);
    this.widthsTable = this.alloc(L + 1);
    this.colsTable = this.alloc(L + 1);
    for (let l = 0; l <= L; l++) {
      this.widthsTable[l] = this.widths[l]!;
      this.colsTable[l] = this.deltaCol[l]!;
    }
    this.outputProducts = this.alloc(16);
    this.grow(maxBatch);
  }

  /** A buffer the Gram and delta kernels can read: in the kernels' shared memory when they are in use. */
  private alloc(length: number): Float64Array {
    return this.kernels ? allocShared(this, length) : new Float64Array(length);
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
      this.dacts.push(this.alloc(l === 0 ? 0 : B * this.widths[l]!));
    }
    this.bufA = new Float64Array(B * this.maxWidth);
    this.bufB = new Float64Array(B * this.maxWidth);
    this.sampleGram = new Float64Array(0); // L·B², made by the first gram: only HIG needs it
    this.rowSums = new Float64Array(B * this.deltaWidth);
    this.batch = 0;
    this.deltaB = 0;
    this.deltaR = 0;
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
      const z = this.acts[l]!;
      const d = this.dacts[l]!;
      const bOff = this.biasOffset[l]!;
      for (let b = 0; b < B; b++) {
        const zo = b * nout;
        for (let j = 0; j < nout; j++) z[zo + j] = theta[bOff + j]!;
      }
      // z [B×nout] += a_{l-1} [B×nin] · W [nin×nout]
      gemm(B, nout, nin, this.acts[l - 1]!, 0, nin, 1, theta, this.kernelOffset[l]!, nout, 1, z, 0, nout, 1, true);
      const n = B * nout;
      const kind = this.actKind[l]!;
      if (kind === TANH) {
        for (let k = 0; k < n; k++) {
          const t = tanh(z[k]!);
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
    this.deltaRp = 0;
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
      const kOff = this.kernelOffset[l]!;
      const bOff = this.biasOffset[l]!;
      // dW [nin×nout] += a_{l-1}ᵀ [nin×B] · g [B×nout];  db += Σ_b g[b, :]
      gemm(nin, nout, B, this.acts[l - 1]!, 0, 1, nin, g, 0, nout, 1, gradParams, kOff, nout, 1, true);
      for (let b = 0; b < B; b++) {
        const go = b * nout;
        for (let j = 0; j < nout; j++) gradParams[bOff + j] += g[go + j]!;
      }
      if (l === 1) {
        // gradInput [B×nin] = g [B×nout] · Wᵀ [nout×nin]
        if (gradInput !== undefined) gemm(B, nin, nout, g, 0, nout, 1, theta, kOff, 1, nout, gradInput, 0, nin, 1, false);
        break;
      }
      // gPrev [B×nin] = (g · Wᵀ) ⊙ σ'_{l-1}
      gemm(B, nin, nout, g, 0, nout, 1, theta, kOff, 1, nout, gPrev, 0, nin, 1, false);
      const dPrev = this.dacts[l - 1]!;
      const n = B * nin;
      for (let k = 0; k < n; k++) gPrev[k] *= dPrev[k]!;
      const t = g;
      g = gPrev;
      gPrev = t;
    }
  }

  /**
   * Checks C and back-propagates its B·R rows into `this.deltas` (see the class comment), layer by
   * layer on the WebAssembly kernel when `simd` (the same sums in the same order, so the same bits).
   */
  private computeDeltas(fn: string, C: Float64Array, B: number, R: number, simd = false): void {
    this.checkBatch(fn, B);
    checkPositiveInt(fn, 'R', R);
    const no = this.outputDim;
    checkAtLeast(fn, 'C', C, B * R * no, `[B×R×outputDim] = [${B}×${R}×${no}]`);
    const S = this.deltaWidth;
    const Rp = (R + 3) & ~3;
    if (B * Rp > this.deltaCap) {
      this.deltas = this.alloc(B * Rp * S);
      this.deltaCap = B * Rp;
    } else if (Rp !== R) {
      this.deltas.fill(0, 0, B * Rp * S); // keep the padding rows finite (zero)
    }
    const D = this.deltas;
    const theta = this.theta;
    const L = this.numLayers;
    const RS = Rp * S;
    {
      const dL = this.dacts[L]!;
      const co = this.deltaCol[L]!;
      for (let b = 0; b < B; b++) {
        const so = b * no;
        const base = b * RS + co * Rp;
        for (let r = 0; r < R; r++) {
          const ci = (b * R + r) * no;
          for (let j = 0; j < no; j++) D[base + j * Rp + r] = C[ci + j]! * dL[so + j]!;
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
      if (simd) {
        this.kernels!.exports.backDeltas(theta.byteOffset + 8 * kOff, D.byteOffset, dPrev.byteOffset, B, S, Rp, coOut * Rp, coIn * Rp, nin, nout);
        continue;
      }
      for (let b = 0; b < B; b++) {
        // Δ_{l-1,b} [nin×R] = W [nin×nout] · Δ_{l,b} [nout×R], then rows scaled by σ'_{l-1}
        const src = b * RS + coOut * Rp;
        const dst = b * RS + coIn * Rp;
        gemm(nin, R, nout, theta, kOff, nout, 1, D, src, Rp, 1, D, dst, Rp, 1, false);
        const so = b * nin;
        for (let i = 0; i < nin; i++) {
          const s = dPrev[so + i]!;
          const o = dst + i * Rp;
          for (let r = 0; r < R; r++) D[o + r] *= s;
        }
      }
    }
    this.deltaB = B;
    this.deltaR = R;
    this.deltaRp = Rp;
  }

  /**
   * Gram matrix `out = J Jᵀ [(B·R)×(B·R)]` of the network-physics Jacobian (see the class comment),
   * assembled layer by layer without forming J:
   * `G[(b,r),(c,s)] = Σ_l (a_{l-1,b}·a_{l-1,c} + 1) · (δ_l[(b,r)]·δ_l[(c,s)])` (+1: the bias).
   * Keeps the deltas for a following `jtv`.
   *
   * When `out` is a view of the kernels' shared memory (`allocShared` of @hig-lab/kernels) the
   * pairs are assembled by the WebAssembly SIMD kernel, split over up to `threads` threads when
   * large enough; it performs the TypeScript loop's operations in the same order, so the result
   * is bitwise the same either way and for any number of threads.
   * @param out [(B·R)×(B·R)] written (symmetric).
   * @param C [B×R×outputDim] cotangent rows per sample.
   * @param threads threads the kernel may use (default 1).
   */
  gram(out: Float64Array, C: Float64Array, B: number, R: number, threads = 1): void {
    const fn = 'Mlp.gram';
    checkPositiveInt(fn, 'B', B);
    checkPositiveInt(fn, 'R', R);
    const N = B * R;
    checkAtLeast(fn, 'out', out, N * N, `[(B·R)×(B·R)] = [${N}×${N}]`);
    // The kernels take every step when the output is theirs to write (the rest is already shared).
    const simd = this.kernels !== null && isShared(out);
    this.computeDeltas(fn, C, B, R, simd);
    const L = this.numLayers;
    const BB = B * B;
    if (this.sampleGram.length < L * this.cap * this.cap) this.sampleGram = this.alloc(L * this.cap * this.cap);
    const A = this.sampleGram;
    // A_l [B×B] = 1 + a_{l-1} a_{l-1}ᵀ
    for (let l = 1; l <= L; l++) {
      const n = this.widths[l - 1]!;
      const ao = (l - 1) * BB;
      A.fill(1, ao, ao + BB);
      const a = this.acts[l - 1]!;
      gemm(B, B, n, a, 0, n, 1, a, 0, 1, n, A, ao, B, 1, true);
    }
    const tile = this.tile;
    const Rp = this.deltaRp;
    const layers = this.sharedOutputDeltas(C, B, R) ? L - 1 : L;
    const arrays = { deltas: this.deltas, sampleGram: A, out, widths: this.widthsTable, cols: this.colsTable, outputProducts: this.outputProducts };
    if (simd && gramArraysShared(arrays)) {
      gramPairsKernel(this.kernels, arrays, B, R, Rp, this.deltaWidth, L, layers, threads);
      return;
    }
    // Sample pairs b ≤ c (the mirror entries are written too); within a pair, 4×4 tiles of
    // cotangent rows, each summed over the layers with the weights A_l[b, c].
    for (let b = 0; b < B; b++) {
      for (let c = b; c < B; c++) {
        for (let r0 = 0; r0 < R; r0 += 4) {
          for (let s0 = 0; s0 < R; s0 += 4) {
            this.gramTile(tile, b, c, r0, s0, B, Rp, layers);
            const rEnd = Math.min(4, R - r0);
            const sEnd = Math.min(4, R - s0);
            for (let r = 0; r < rEnd; r++) {
              const i = b * R + r0 + r;
              for (let s = 0; s < sEnd; s++) {
                const k = c * R + s0 + s;
                const g = tile[r * 4 + s]!;
                out[i * N + k] = g;
                out[k * N + i] = g;
              }
            }
          }
        }
      }
    }
  }

  /**
   * Whether the output layer's deltas are the same for every sample: a linear output layer and the
   * same cotangent rows for all (affine physics, where dy/du does not depend on u). Then the
   * layer's share of every Gram entry is `A_L[b,c] · M[r,s]` with M computed once here, and the
   * Gram skips its widest delta products (the output layer's). Same values, same order of sums.
   */
  private sharedOutputDeltas(C: Float64Array, B: number, R: number): boolean {
    const L = this.numLayers;
    // With one sample there is nothing to share: the pair kernel does the same products faster.
    if (B === 1 || this.actKind[L] !== LINEAR) return false;
    const row = R * this.outputDim;
    for (let b = 1; b < B; b++) {
      for (let k = 0, o = b * row; k < row; k++) if (C[o + k] !== C[k]) return false;
    }
    const Rp = this.deltaRp;
    if (this.outputProducts.length < Rp * Rp) this.outputProducts = this.alloc(Rp * Rp);
    const M = this.outputProducts;
    const D = this.deltas;
    const base = this.deltaCol[L]! * Rp;
    const n = this.widths[L]!;
    // M[r, s] = Σ_j D[j, r]·D[j, s], summed over j in order as the pair kernel does, row j of D
    // at a time (contiguous), the upper triangle then mirrored.
    M.fill(0, 0, Rp * Rp);
    for (let j = 0; j < n; j++) {
      const row = base + j * Rp;
      for (let r = 0; r < Rp; r++) {
        const u = D[row + r]!;
        const o = r * Rp;
        for (let t = r; t < Rp; t++) M[o + t] += u * D[row + t]!;
      }
    }
    for (let r = 0; r < Rp; r++) for (let t = r + 1; t < Rp; t++) M[t * Rp + r] = M[r * Rp + t]!;
    return true;
  }

  /**
   * `tile[r·4 + s] = Σ_l A_l[b, c] · (δ_l[(b, r0+r)] · δ_l[(c, s0+s)])` for r, s < 4 (padding rows
   * included), over layers 1..`layers`; when `layers` < L the output layer's share comes from the
   * shared products M. 16 accumulators, 8 loads per 16 multiply-adds.
   */
  private gramTile(tile: Float64Array, b: number, c: number, r0: number, s0: number, B: number, Rp: number, layers: number): void {
    const D = this.deltas;
    const A = this.sampleGram;
    const widths = this.widths;
    const cols = this.deltaCol;
    const L = this.numLayers;
    const BB = B * B;
    const pair = b * B + c;
    const bBase = b * this.deltaWidth * Rp + r0;
    const cBase = c * this.deltaWidth * Rp + s0;
    tile.fill(0);
    for (let l = 1; l <= layers; l++) {
      const w = A[(l - 1) * BB + pair]!;
      const n = widths[l]!;
      let x = bBase + cols[l]! * Rp;
      let y = cBase + cols[l]! * Rp;
      let d00 = 0, d01 = 0, d02 = 0, d03 = 0, d10 = 0, d11 = 0, d12 = 0, d13 = 0;
      let d20 = 0, d21 = 0, d22 = 0, d23 = 0, d30 = 0, d31 = 0, d32 = 0, d33 = 0;
      for (let j = 0; j < n; j++) {
        const u0 = D[x]!, u1 = D[x + 1]!, u2 = D[x + 2]!, u3 = D[x + 3]!;
        const v0 = D[y]!, v1 = D[y + 1]!, v2 = D[y + 2]!, v3 = D[y + 3]!;
        d00 += u0 * v0; d01 += u0 * v1; d02 += u0 * v2; d03 += u0 * v3;
        d10 += u1 * v0; d11 += u1 * v1; d12 += u1 * v2; d13 += u1 * v3;
        d20 += u2 * v0; d21 += u2 * v1; d22 += u2 * v2; d23 += u2 * v3;
        d30 += u3 * v0; d31 += u3 * v1; d32 += u3 * v2; d33 += u3 * v3;
        x += Rp;
        y += Rp;
      }
      tile[0] += w * d00; tile[1] += w * d01; tile[2] += w * d02; tile[3] += w * d03;
      tile[4] += w * d10; tile[5] += w * d11; tile[6] += w * d12; tile[7] += w * d13;
      tile[8] += w * d20; tile[9] += w * d21; tile[10] += w * d22; tile[11] += w * d23;
      tile[12] += w * d30; tile[13] += w * d31; tile[14] += w * d32; tile[15] += w * d33;
    }
    if (layers < L) {
      const w = A[(L - 1) * BB + pair]!;
      const M = this.outputProducts;
      for (let r = 0; r < 4; r++) {
        for (let s = 0; s < 4; s++) tile[r * 4 + s] += w * M[(r0 + r) * Rp + s0 + s]!;
      }
    }
  }

  /**
   * `out = Jᵀ v [P]` (overwritten), with the deltas of the latest `gram` or `jacobian` call made
   * after the latest `forward` (throws if there is none): per layer
   * `Σ_(b,r) v_(b,r) · outer(a_{l-1,b}, δ_l[(b,r)])` for the kernel, `Σ v_(b,r) δ_l[(b,r)]` for the bias.
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
    const Rp = this.deltaRp;
    checkExactly(fn, 'out', out, this.paramCount, `[P] = [${this.paramCount}]`);
    checkAtLeast(fn, 'v', v, B * R, `[B·R] = [${B}·${R}]`);
    const S = this.deltaWidth;
    const D = this.deltas;
    const E = this.rowSums;
    // E [B×S]: E[b, k] = Σ_r v_(b,r) δ[(b,r), k]
    for (let b = 0; b < B; b++) {
      const eo = b * S;
      const dOff = b * Rp * S;
      const vo = b * R;
      for (let k = 0; k < S; k++) {
        const p = dOff + k * Rp;
        let s = 0;
        for (let r = 0; r < R; r++) s += v[vo + r]! * D[p + r]!;
        E[eo + k] = s;
      }
    }
    const L = this.numLayers;
    for (let l = 1; l <= L; l++) {
      const nin = this.widths[l - 1]!;
      const nout = this.widths[l]!;
      const bOff = this.biasOffset[l]!;
      const co = this.deltaCol[l]!;
      // dW [nin×nout] = a_{l-1}ᵀ [nin×B] · E_l [B×nout];  db = Σ_b E_l[b, :]
      gemm(nin, nout, B, this.acts[l - 1]!, 0, 1, nin, E, co, S, 1, out, this.kernelOffset[l]!, nout, 1, false);
      for (let j = 0; j < nout; j++) {
        let s = 0;
        for (let b = 0; b < B; b++) s += E[b * S + co + j]!;
        out[bOff + j] = s;
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
    const tPrev = this.forwardTangent(vParams, B);
    // tPrev holds the output tangent [B×outputDim]; out[(b,r)] = C[b,r,:] · ṫ_L[b,:]
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
   * `out = (d f(x_b)/dθ)·vParams [B×outputDim]` for every sample of the last forward pass: the
   * network's output tangent along a parameter direction, by forward-mode differentiation. With a
   * physics Jacobian-vector product after it, this is J·v for HIG's matrix-free route.
   * @param out [B×outputDim] written.
   * @param vParams [P] parameter direction.
   */
  tangent(out: Float64Array, vParams: Float64Array, B: number): void {
    const fn = 'Mlp.tangent';
    this.checkBatch(fn, B);
    checkAtLeast(fn, 'out', out, B * this.outputDim, `[B×outputDim] = [${B}×${this.outputDim}]`);
    checkExactly(fn, 'vParams', vParams, this.paramCount, `[P] = [${this.paramCount}]`);
    const t = this.forwardTangent(vParams, B);
    const n = B * this.outputDim;
    for (let k = 0; k < n; k++) out[k] = t[k]!;
  }

  /** The output tangent [B×outputDim] along vParams, in one of the work buffers (valid until the next call). */
  private forwardTangent(vParams: Float64Array, B: number): Float64Array {
    const L = this.numLayers;
    const theta = this.theta;
    let t = this.bufA; // tangent of a_l [B×n_l]
    let tPrev = this.bufB; // tangent of a_{l-1}
    for (let l = 1; l <= L; l++) {
      const nin = this.widths[l - 1]!;
      const nout = this.widths[l]!;
      const kOff = this.kernelOffset[l]!;
      const bOff = this.biasOffset[l]!;
      // ṫ_l = (a_{l-1} V_l + ṫ_{l-1} W_l + v_b) ⊙ σ_l'   (ṫ_0 = 0: the input is not perturbed)
      for (let b = 0; b < B; b++) {
        const to = b * nout;
        for (let j = 0; j < nout; j++) t[to + j] = vParams[bOff + j]!;
      }
      gemm(B, nout, nin, this.acts[l - 1]!, 0, nin, 1, vParams, kOff, nout, 1, t, 0, nout, 1, true);
      if (l > 1) gemm(B, nout, nin, tPrev, 0, nin, 1, theta, kOff, nout, 1, t, 0, nout, 1, true);
      const d = this.dacts[l]!;
      const n = B * nout;
      for (let k = 0; k < n; k++) t[k] *= d[k]!;
      const swap = t;
      t = tPrev;
      tPrev = swap;
    }
    return tPrev;
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
    const Rp = this.deltaRp;
    const L = this.numLayers;
    for (let b = 0; b < B; b++) {
      for (let r = 0; r < R; r++) {
        const jo = (b * R + r) * P;
        for (let l = 1; l <= L; l++) {
          const nin = this.widths[l - 1]!;
          const nout = this.widths[l]!;
          const a = this.acts[l - 1]!;
          const dOff = (b * S + this.deltaCol[l]!) * Rp + r; // δ_l[(b,r), j] = D[dOff + j·Rp]
          const kOff = jo + this.kernelOffset[l]!;
          const bOff = jo + this.biasOffset[l]!;
          for (let i = 0; i < nin; i++) {
            const ai = a[b * nin + i]!;
            const wo = kOff + i * nout;
            for (let j = 0; j < nout; j++) out[wo + j] = ai * D[dOff + j * Rp]!;
          }
          for (let j = 0; j < nout; j++) out[bOff + j] = D[dOff + j * Rp]!;
        }
      }
    }
  }
}
