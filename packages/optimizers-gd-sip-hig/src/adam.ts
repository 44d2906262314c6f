/**
 * Adam on a flat float64 parameter vector, with Keras' defaults (β1 = 0.9, β2 = 0.999,
 * ε = 1e-7) and its bias correction folded into the step size:
 *   lr_t = lr·√(1-β2^t)/(1-β1^t),  θ ← θ - lr_t·m/(√v + ε).
 */
/** Everything Adam carries from step to step: the step count and both moment vectors. */
export interface AdamState {
  readonly t: number;
  readonly m: Float64Array;
  readonly v: Float64Array;
}

export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
    readonly size: number,
    readonly learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon = 1e-7,
  ) {
    if (!(learningRate > 0)) throw new RangeError(`Adam: learningRate must be positive, got ${learningRate}`);
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /** A copy of the state, for checkpoints. */
  state(): AdamState {
    return { t: this.t, m: this.m.slice(), v: this.v.slice() };
  }

  /** Continues from a saved state (of an Adam of the same size). */
  restore(state: AdamState): void {
    if (state.m.length !== this.size || state.v.length !== this.size) {
      throw new RangeError(`Adam.restore: moments must have length ${this.size}, got ${state.m.length} and ${state.v.length}`);
    }
    if (!Number.isInteger(state.t) || state.t < 0) throw new RangeError(`Adam.restore: t must be a non-negative integer, got ${state.t}`);
    this.t = state.t;
    this.m.set(state.m);
    this.v.set(state.v);
  }

  /** θ [size] ← θ - Adam step for the gradient grad [size]. */
  step(params: Float64Array, grad: Float64Array): void {
    if (params.length !== this.size || grad.length !== this.size) {
      throw new RangeError(`Adam.step: params and grad must have length ${this.size}, got ${params.length} and ${grad.length}`);
    }
    this.t += 1;
    const { m, v, beta1, beta2, epsilon } = this;
    const lr = (this.learningRate * Math.sqrt(1 - beta2 ** this.t)) / (1 - beta1 ** this.t);
    for (let i = 0; i < params.length; i++) {
      const g = grad[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      params[i] -= (lr * m[i]) / (Math.sqrt(v[i]) + epsilon);
    }
  }
}
