import type { Experiment } from '@hig-lab/core';

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
 * steps on the loss, which needs its residual, not only its gradient. A loss that does not
 * declare `squares` is refused rather than inverted towards a wrong state.
 */
export function lossSquares(experiment: Experiment): LossSquares {
  const n = experiment.system.stateDim;
  const squares = experiment.loss.squares;
  if (!squares) {
    throw new SipLossError(
      experiment.name,
      'the loss does not declare itself a sum of squares of state components (FinalStateLoss.squares, as squaredError and squaredErrorOn give), and SIP needs that residual to invert the physics towards it; declare squares, or train with GD or HIG',
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
