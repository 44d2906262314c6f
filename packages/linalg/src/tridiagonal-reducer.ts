/**
 * Internal: the Householder tridiagonalisation by the fastest kernel this runtime has. The
 * blocked WebAssembly SIMD reduction (@hig-lab/kernels) works in the kernels' shared memory; the
 * plain TypeScript `tridiagonalize` is the fallback and the reference it is tested against.
 * Both leave T and the reflectors in the same places, so `applyQt`, `applyQ` and `formQt` serve
 * either.
 */
import { allocShared, blockedWork, isShared, tridiagonalizeBlocked, wasmKernels } from '@hig-lab/kernels';
import type { BlockedWork, WasmKernels } from '@hig-lab/kernels';
import { tridiagonalize, tridiagonalWork } from './tridiagonalize.js';
import type { TridiagonalWork } from './tridiagonalize.js';

export class TridiagonalReducer {
  /** Diagonal [n] and off-diagonal [n] (n-1 used) of T after `reduce`. */
  readonly d: Float64Array;
  readonly e: Float64Array;
  /** Reflector scales [n]. */
  readonly tau: Float64Array;
  private readonly kernels: WasmKernels | null;
  private readonly blocked: BlockedWork | null;
  private readonly plain: TridiagonalWork | null;
  /** Shared copy of a matrix given in ordinary memory (made on first need). */
  private copy: Float64Array | null = null;

  /** `threads`: threads the blocked reduction's trailing updates may use (the result does not depend on it). */
  constructor(
    readonly n: number,
    private readonly threads = 1,
  ) {
    this.kernels = n >= 3 ? wasmKernels() : null;
    const alloc = (length: number) => (this.kernels ? allocShared(this, length) : new Float64Array(length));
    this.d = alloc(n);
    this.e = alloc(n);
    this.tau = alloc(n);
    this.blocked = this.kernels ? blockedWork(this, n) : null;
    this.plain = this.kernels ? null : tridiagonalWork(n);
  }

  /** Whether the WebAssembly kernel is used. */
  get usesKernels(): boolean {
    return this.kernels !== null;
  }

  /**
   * Reduces the symmetric a [n×n] (upper triangle read) and returns the array that holds the
   * reflectors in its upper triangle (its lower triangle is left with scratch values): `a` itself, overwritten, when the kernels can work on it in place (it is a view
   * of their shared memory, see `allocShared`, or they are not in use); otherwise an internal
   * shared copy (the cost of one n² copy) and `a` is left as it was.
   */
  reduce(a: Float64Array): Float64Array {
    const { n, d, e, tau } = this;
    if (!this.kernels) {
      tridiagonalize(a, n, d, e, tau, this.plain!);
      return a;
    }
    let work = a;
    if (!isShared(a)) {
      work = this.copy ??= allocShared(this, n * n);
      work.set(a);
    }
    tridiagonalizeBlocked(this.kernels, work, n, d, e, tau, this.blocked!, this.threads);
    return work;
  }
}
