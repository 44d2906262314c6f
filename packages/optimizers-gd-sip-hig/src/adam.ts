/**
 * Adam on a flat float64 parameter vector, with Keras' defaults (β1 = 0.9, β2 = 0.999,
 * ε = 1e-7) and its bias correction folded into the step size:
 *   lr_t = lr·√(1-β2^t)/(1-β1^t),  θ ← θ - lr_t·m/(√v + ε).
 */
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
