import type { Experiment, FinalStateLoss, LeastSquaresForm } from '@hig-lab/core';

/** What SIP reads off an experiment's loss: L = |r|², r_k = √w_k·(y[c_k] − y*_k). */
export interface LossSquares {
  /** c [k]: the state component of each target entry. */
  readonly components: Int32Array;
  /** √w [k]. */
  readonly rootWeights: Float64Array;
  /** L = Σ_i (y_i − y*_i)² over the whole state, in order, at unit weights: then R = dy/du and 2r/B = ∂(L/B)/∂y. */
  readonly wholeState: boolean;
}

/** An experiment whose loss SIP cannot invert the physics towards, naming the experiment and what is missing. */
export class SipLossError extends Error {
  constructor(
    readonly experiment: string,
    readonly problem: string,
  ) {
    super(`SIP on '${experiment}': ${problem}`);
    this.name = 'SipLossError';
  }
}

/**
 * The sum-of-squares form SIP needs, or a SipLossError: SIP's physics inverse takes Gauss–Newton
 * steps on the loss, which needs its residual, not only its gradient. The form is the loss's
 * declared `squares`, or, for a loss that does not declare it, one inferred from its value and
 * gradient and verified exactly at random points (`inferSquares`). A loss that is neither is
 * refused rather than inverted towards a wrong state.
 */
export function lossSquares(experiment: Experiment): LossSquares {
  const n = experiment.system.stateDim;
  const squares = experiment.loss.squares ?? inferSquares(experiment.loss, n);
  if (!squares) {
    throw new SipLossError(
      experiment.name,
      'the loss is not a sum of squares of state components (it declares no FinalStateLoss.squares, and its value and gradient are not those of Σ_k w_k (y[c_k] − y*_k)²), and SIP needs that residual to invert the physics towards it; declare squares (squaredError, squaredErrorOn), or train with GD or HIG',
    );
  }
  const components = Int32Array.from(squares.components);
  const weights = squares.weights ?? squares.components.map(() => 1);
  const rootWeights = Float64Array.from(weights, Math.sqrt);
  const wholeState = components.length === n && components.every((c, i) => c === i) && weights.every((w) => w === 1);
  if (experiment.physicsInverse) {
    const seen = new Set(components);
    if (seen.size !== n || components.length !== n || !weights.every((w) => w === 1)) {
      throw new SipLossError(experiment.name, `the experiment's physicsInverse needs a loss on the whole state (each of the ${n} components once, unit weights), got ${components.length} squares on ${seen.size} components`);
    }
  }
  return { components, rootWeights, wholeState };
}

/** Agreement asked of an inferred form at each probe: rounding of a few dozen operations. */
const PROBE_TOLERANCE = 1e-10;

/**
 * The squares of a loss that does not declare them, read off its gradient and then checked:
 * the components are those the gradient depends on (in increasing order, paired with the target
 * entries in order), the weights g_c / 2(y_c − y*_k); the form is accepted only if it reproduces
 * the value and the gradient at three unrelated random points. Null for any other loss.
 */
export function inferSquares(loss: FinalStateLoss, n: number): LeastSquaresForm | null {
  const k = loss.targetDim;
  if (k > n) return null;
  const probe = (seed: number) => ({
    y: Float64Array.from({ length: n }, (_, i) => Math.sin(1.7 * i + seed) + 0.3 * seed),
    t: Float64Array.from({ length: k }, (_, i) => Math.cos(2.3 * i - seed)),
  });
  const grad = new Float64Array(n);
  const first = probe(1);
  loss.gradient(grad.fill(0), first.y, first.t);
  const components: number[] = [];
  for (let i = 0; i < n; i++) if (grad[i] !== 0) components.push(i);
  if (components.length !== k) return null;
  const weights = components.map((c, r) => grad[c] / (2 * (first.y[c] - first.t[r])));
  if (!weights.every((w) => w > 0 && Number.isFinite(w))) return null;
  for (const seed of [1, 2, 3]) {
    const { y, t } = probe(seed);
    loss.gradient(grad.fill(0), y, t);
    let value = 0;
    for (let r = 0; r < k; r++) {
      const c = components[r];
      const d = y[c] - t[r];
      value += weights[r] * d * d;
      if (!close(grad[c], 2 * weights[r] * d)) return null;
    }
    if (!close(loss.value(y, t), value)) return null;
    for (let i = 0; i < n; i++) if (!components.includes(i) && grad[i] !== 0) return null;
  }
  return { components, ...(weights.every((w) => close(w, 1)) ? {} : { weights }) };
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= PROBE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}
