import type { ParameterSpecs, ParameterValues } from './parameters.js';
import type { Rng } from './rng.js';
import type { PhysicsSystem } from './system.js';

/** The controller network's architecture; the network package builds and differentiates it. */
export type Activation = 'tanh' | 'relu' | 'linear';
export interface NetworkSpec {
  readonly inputDim: number;
  readonly layers: readonly { readonly units: number; readonly activation: Activation }[];
}

/** N samples: where each starts, what the network sees, what the final state should match. */
export interface Dataset {
  readonly size: number;
  /** Initial states [N×stateDim]. */
  readonly initial: Float64Array;
  /** Network inputs [N×network.inputDim]. */
  readonly input: Float64Array;
  /** Targets [N×loss.targetDim]. */
  readonly target: Float64Array;
}

/** A loss on the final state of one sample; the reported figure is its mean over a set. */
export interface FinalStateLoss {
  readonly targetDim: number;
  /** The loss of one sample: y [stateDim], target [targetDim]. */
  value(y: Float64Array, target: Float64Array): number;
  /** out [stateDim] = ∂value/∂y. */
  gradient(out: Float64Array, y: Float64Array, target: Float64Array): void;
  /**
   * Optional: the loss is a weighted sum of squares of state components against the target,
   * `L = Σ_k w_k (y[components[k]] − target[k])²` for k < targetDim (weights default to 1). SIP
   * needs this form: its physics inverse takes Gauss–Newton steps on the loss itself. The contract
   * kit checks that it reproduces `value`.
   */
  readonly squares?: LeastSquaresForm;
}

/** See `FinalStateLoss.squares`. */
export interface LeastSquaresForm {
  /** The state component each target entry is compared with [targetDim]. */
  readonly components: readonly number[];
  /** Positive weights [targetDim]; all 1 when absent. */
  readonly weights?: readonly number[];
}

export const METHOD_NAMES = ['GD', 'SIP', 'HIG', 'GN'] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/** Hyperparameters of one training method. */
export interface MethodConfig {
  readonly batchSize: number;
  readonly learningRate: number;
  /** Relative truncation of singular values (SIP, HIG, GN). */
  readonly rcond?: number;
  /** Exponent of the half-inverse (HIG: 1/2, GN: 1). */
  readonly beta?: number;
  /** SIP on nonlinear physics: at most this many Gauss–Newton iterations of the physics inverse (1: a single, exact-for-linear step). */
  readonly inverseIterations?: number;
  /** SIP: stop the physics inverse once a step is below this, relative to |u|. */
  readonly inverseTolerance?: number;
}

/** A runnable experiment: a system, a horizon, data, a loss, a network and the methods' settings. */
export interface Experiment {
  readonly name: string;
  readonly title: string;
  readonly system: PhysicsSystem;
  /** Number of time steps Nt and their length dt. */
  readonly steps: number;
  readonly dt: number;
  readonly loss: FinalStateLoss;
  readonly network: NetworkSpec;
  readonly methods: Readonly<Partial<Record<MethodName, MethodConfig>>>;
  /** Draws the train and test sets. Equal seeds give equal data. */
  data(rng: Rng): { train: Dataset; test: Dataset };
  /**
   * What the trajectory views show: state components as curves over time, or, when `grid` gives
   * the state's shape [rows, cols] (rows·cols = stateDim, row-major), the final fields as heat maps.
   */
  readonly display: { readonly components: readonly number[]; readonly grid?: readonly [number, number] };
  /**
   * Optional, for SIP: an approximate inverse of the linearised rollout at initial state s0 [n]
   * and controls u [steps·m]: du [steps·m] ≈ pinv(dy/du)·dy for a change dy [n] of the final
   * state. SIP uses it instead of pseudo-inverting dy/du, which it then never forms; a
   * regularised inverse suits ill-posed physics (diffusion). Needs a loss whose squares cover the
   * whole state with equal weights, so that the change it asks of the state is well defined.
   */
  readonly physicsInverse?: (du: Float64Array, dy: Float64Array, s0: Float64Array, u: Float64Array) => void;
  /** The effective parameter values this instance was made with. */
  readonly parameters: ParameterValues;
}

/** What an experiment package exports: typed parameters and a factory. */
export interface ExperimentDefinition {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly parameters: ParameterSpecs;
  create(values: ParameterValues): Experiment;
}
