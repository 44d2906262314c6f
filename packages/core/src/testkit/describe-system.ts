import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { PhysicsSystem } from '../system.js';
import { complexLinearError } from '../validate.js';
import {
  asymptoticStep,
  convergenceRatio,
  energyDrift,
  invariantError,
  rhsJacobianError,
  rolloutDerivativeErrors,
  stepJacobianError,
  stepVjpError,
  workMismatch,
} from './checks.js';
import { exactStepError, rhsProductErrors, rolloutProductErrors, stepProductErrors } from './product-checks.js';
import type { ProductErrors } from './product-checks.js';

/**
 * The contract tests every physics system must pass, registered as jest tests:
 * `describeSystemContract(system, { steps, dt })` is a system's whole test file.
 */
export interface SystemContractOptions {
  /** Horizon of the rollout checks (the experiment's Nt and dt). */
  readonly steps: number;
  readonly dt: number;
  /** Bound on the relative energy drift over the horizon without control. Default 0.05. */
  readonly energyDriftBound?: number;
  /** Range of random state components. Default [-1, 1]. */
  readonly stateRange?: readonly [number, number];
  /**
   * Range of random controls. Default [-1, 1]. The rollout derivative and convergence checks
   * draw from it scaled by 1/2, so that nonlinear rollouts stay moderate.
   */
  readonly controlRange?: readonly [number, number];
  /**
   * Step length at which orders (convergence, energy drift, work) are measured. Default: dt/8,
   * halved while one step is not yet resolved (see `asymptoticStep`); the quantum dipole's
   * default grid, whose top modes have λ·dt/8 ≈ 1.4, is measured at dt/32. Set it to pin the
   * measurement where the default rule does not fit a system.
   */
  readonly orderDt?: number;
  /** Runs per property. Default 12. */
  readonly numRuns?: number;
  /** Steps used by the derivative checks of the whole rollout (finite differences cost 2 rollouts a control). Default min(steps, 48). */
  readonly derivativeSteps?: number;
}

/**
 * Tolerances, each from the method:
 * - central differences with h = 1e-6 err by h²|f'''|/6 + ε|f|/h ≈ 2e-10 of the scale, so
 *   1e-6 leaves three orders of margin and still fails any wrong derivative;
 * - the forward/adjoint identity is exact up to rounding in sums of n·Nt terms: 1e-12;
 * - an order-p integrator's error falls by 2^p when dt halves: log2 of the ratio within 0.3 of p
 *   (a first-order mistake is off by ≥ 1), read as the median of 9 random cases of which at
 *   least 7 must be non-degenerate (a case is degenerate when its error vanishes at both steps);
 * - a step that preserves an invariant exactly does so to rounding accumulated over the steps:
 *   100·ε per step;
 * - a step declared exact (order Infinity) equals two half steps to rounding: EXACT_TOLERANCE,
 *   1e-12 of the state's size (an FFT of 10⁴ points rounds to ~1e-15 per entry).
 */
export const FD_TOLERANCE = 1e-6;
export const DUALITY_TOLERANCE = 1e-12;
export const EXACT_TOLERANCE = 1e-12;
export const ORDER_SLACK = 0.3;
const ORDER_CASES = 9;
const MIN_ORDER_CASES = 7;

export function describeSystemContract(system: PhysicsSystem, options: SystemContractOptions): void {
  const { steps, dt, numRuns = 12, energyDriftBound = 0.05 } = options;
  const [lo, hi] = options.stateRange ?? [-1, 1];
  const [uLo, uHi] = options.controlRange ?? [-1, 1];
  const n = system.stateDim;
  const m = system.controlDim;
  const derivativeSteps = options.derivativeSteps ?? Math.min(steps, 48);
  const vec = (len: number, min = lo, max = hi) =>
    fc.array(fc.double({ min, max, noNaN: true }), { minLength: len, maxLength: len }).map((a) => Float64Array.from(a));
  const ctl = (len: number, scale = 1) => vec(len, scale * uLo, scale * uHi);
  // Deterministic by default; FC_SEED explores other cases.
  const run = { numRuns, seed: Number(process.env.FC_SEED ?? 20221) };
  // Orders are measured over a short horizon of resolved steps, from the states and first
  // controls of the cases at hand.
  const cSteps = Math.min(steps, 8);
  const orderDt = (probes: (readonly [Float64Array, Float64Array])[]): number => options.orderDt ?? asymptoticStep(system, probes, dt / 8);

  describe(`physics system '${system.name}' (n=${n}, m=${m})`, () => {
    it('is deterministic and does not modify its inputs', () => {
      fc.assert(
        fc.property(vec(n), ctl(m), (s, u) => {
          const s0 = s.slice(), u0 = u.slice();
          const a = new Float64Array(n), b = new Float64Array(n);
          system.step(a, s, u, dt);
          system.step(b, s, u, dt);
          expect(Array.from(b)).toEqual(Array.from(a));
          expect(Array.from(s)).toEqual(Array.from(s0));
          expect(Array.from(u)).toEqual(Array.from(u0));
        }),
        run,
      );
    });

    if (system.ode?.jacobians) {
      it('has right-hand-side Jacobians equal to central differences', () => {
        fc.assert(fc.property(vec(n), ctl(m), (s, u) => void expect(rhsJacobianError(system, s, u)).toBeLessThan(FD_TOLERANCE)), run);
      });
    }

    if (system.ode?.rhsJvp && system.ode.rhsVjp) {
      it('has right-hand-side products that pass the dot-product test and equal central differences', () => {
        fc.assert(fc.property(vec(n), ctl(m), vec(n), ctl(m), vec(n), (s, u, ds, du, l) => expectProducts(system, 'right-hand side', rhsProductErrors(system, s, u, ds, du, l))), run);
      });
    }

    if (system.stepJacobians) {
      it('has step Jacobians equal to central differences', () => {
        fc.assert(fc.property(vec(n), ctl(m), (s, u) => void expect(stepJacobianError(system, s, u, dt)).toBeLessThan(FD_TOLERANCE)), run);
      });
    }

    if (system.stepJacobians && system.stepVjp) {
      it('has a step vector-Jacobian product equal to the transposed step Jacobians (to rounding)', () => {
        fc.assert(fc.property(vec(n), ctl(m), vec(n), (s, u, l) => void expect(stepVjpError(system, s, u, dt, l)).toBeLessThan(DUALITY_TOLERANCE)), run);
      });
    }

    if (system.complexLinear) {
      it('is complex-linear as it declares: step(i·z) = i·step(z) to rounding', () => {
        fc.assert(fc.property(vec(n), ctl(m), (s, u) => void expect(complexLinearError(system, s, u, dt)).toBeLessThan(DUALITY_TOLERANCE)), run);
      });
    }

    it('has step products with ⟨J v, w⟩ = ⟨v, Jᵀ w⟩ to rounding, each equal to central differences', () => {
      fc.assert(fc.property(vec(n), ctl(m), vec(n), ctl(m), vec(n), (s, u, ds, du, l) => expectProducts(system, 'step', stepProductErrors(system, s, u, dt, ds, du, l))), run);
    });

    if (system.stepJacobians) {
      it('has rollout sensitivities and adjoints equal to central differences, and v·(J w) = (Jᵀv)·w', () => {
        const cols = derivativeSteps * m;
        fc.assert(
          fc.property(vec(n), ctl(cols, 0.5), vec(n, -1, 1), vec(cols, -1, 1), (s0, u, lambda, w) => {
            const e = rolloutDerivativeErrors(system, derivativeSteps, dt, s0, u, lambda, w);
            expect(e.sensitivities).toBeLessThan(FD_TOLERANCE);
            expect(e.adjointControls).toBeLessThan(FD_TOLERANCE);
            expect(e.adjointInitial).toBeLessThan(FD_TOLERANCE);
            expect(e.duality).toBeLessThan(DUALITY_TOLERANCE);
          }),
          { ...run, numRuns: Math.max(3, Math.ceil(numRuns / 3)) },
        );
      });
    }

    it(`has rollout products over ${derivativeSteps} steps with ⟨J v, w⟩ = ⟨v, Jᵀ w⟩ to rounding, each equal to central differences`, () => {
      const cols = derivativeSteps * m;
      fc.assert(
        fc.property(vec(n), ctl(cols, 0.5), vec(n), vec(cols, -1, 1), vec(n), (s0, u, s0Dot, uDot, lambda) =>
          expectProducts(system, `rollout of ${derivativeSteps} steps`, rolloutProductErrors(system, derivativeSteps, dt, s0, u, s0Dot, uDot, lambda)),
        ),
        { ...run, numRuns: Math.max(3, Math.ceil(numRuns / 3)) },
      );
    });

    // Orders are read off the median of several random cases: a single case can sit where
    // the leading error term happens to cancel, which says nothing about the method.
    const cases = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: ORDER_CASES, maxLength: ORDER_CASES });
    // No shrinking: a smaller batch says less about the order, and shrinks towards the rest state,
    // whose error vanishes and hides the order the failure was about.
    const orderRuns = { ...run, numRuns: Math.max(2, Math.ceil(numRuns / 4)), endOnFailure: true };

    if (system.order === Infinity) {
      it('is exact: one uncontrolled step equals two half steps (to rounding)', () => {
        fc.assert(
          fc.property(vec(n), (s0) => {
            const err = exactStepError(system, s0, dt);
            if (!(err < EXACT_TOLERANCE)) throw new Error(`system '${system.name}' (n=${n}, m=${m}) declares an exact step, but one step of ${dt} and two of ${dt / 2} differ by ${err.toExponential(2)} of the state's size (tolerance ${EXACT_TOLERANCE})`);
          }),
          run,
        );
      });
    } else {
      it(`converges with its declared order ${system.order} (halving dt divides the error by 2^${system.order})`, () => {
        fc.assert(
          fc.property(cases(fc.tuple(vec(n), ctl(cSteps * m, 0.5))), (cs) => {
            const h = orderDt(cs.map(([s0, u]) => [s0, u.subarray(0, m)]));
            const orders = cs.map(([s0, u]) => Math.log2(convergenceRatio(system, s0, u, cSteps, h))).filter(Number.isFinite);
            expect(orders.length).toBeGreaterThanOrEqual(MIN_ORDER_CASES);
            expect(Math.abs(median(orders) - system.order)).toBeLessThan(ORDER_SLACK);
          }),
          orderRuns,
        );
      });
    }

    if (system.energy) {
      const energy = system.energy;
      it(`keeps the relative energy drift over ${steps} uncontrolled steps below ${energyDriftBound}, shrinking at least like dt^${system.order}`, () => {
        fc.assert(
          fc.property(vec(n, 0, 1), (s0) => {
            fc.pre(energy(s0) > 1e-3);
            expect(energyDrift(system, s0, steps, dt)).toBeLessThan(energyDriftBound);
          }),
          run,
        );
        fc.assert(
          fc.property(cases(vec(n, 0, 1)), (cs) => {
            const h = orderDt(cs.map((s0) => [s0, new Float64Array(m)]));
            const orders = cs
              .filter((s0) => energy(s0) > 1e-3)
              .map((s0) => Math.log2(energyDrift(system, s0, cSteps, h) / energyDrift(system, s0, 2 * cSteps, h / 2)));
            fc.pre(orders.length >= 5 && orders.every(Number.isFinite));
            expect(median(orders)).toBeGreaterThan(system.order - ORDER_SLACK);
          }),
          orderRuns,
        );
      });
    }

    if (system.ode && system.energy && system.power) {
      it(`changes its energy by the work put in, to order ${system.order}`, () => {
        fc.assert(
          fc.property(cases(fc.tuple(vec(n, 0, 1), ctl(cSteps * m))), (cs) => {
            const h = orderDt(cs.map(([s0, u]) => [s0, u.subarray(0, m)]));
            const orders = cs.map(([s0, u]) =>
              Math.log2(workMismatch(system, s0, u, cSteps, h) / workMismatch(system, s0, repeatEach(u, m), 2 * cSteps, h / 2)),
            );
            expect(median(orders)).toBeGreaterThan(system.order - ORDER_SLACK);
          }),
          orderRuns,
        );
      });
    }

    if (system.invariant) {
      const inv = system.invariant;
      it(`preserves its invariant '${inv.name}' to rounding, with control`, () => {
        fc.assert(
          fc.property(vec(n), ctl(steps * m), (s0, u) => {
            fc.pre(Math.abs(inv.value(s0)) > 1e-6);
            expect(invariantError(system, s0, u, steps, dt)).toBeLessThan(100 * Number.EPSILON * steps);
          }),
          { ...run, numRuns: Math.max(3, Math.ceil(numRuns / 3)) },
        );
      });
    }
  });
}

/**
 * Throws unless the dot-product test holds to rounding and both products match central
 * differences; the message names the system, its sizes, the check, and the numbers behind it.
 */
function expectProducts(system: PhysicsSystem, what: string, e: ProductErrors): void {
  const failed = [
    e.duality < DUALITY_TOLERANCE ? null : `⟨J v, w⟩ and ⟨v, Jᵀ w⟩ differ by ${e.duality.toExponential(2)} relative (tolerance ${DUALITY_TOLERANCE})`,
    e.jvp < FD_TOLERANCE ? null : `J v differs from central differences by ${e.jvp.toExponential(2)} relative (tolerance ${FD_TOLERANCE})`,
    e.vjp < FD_TOLERANCE ? null : `Jᵀ w differs from central differences by ${e.vjp.toExponential(2)} relative (tolerance ${FD_TOLERANCE})`,
  ].filter((x) => x !== null);
  if (failed.length > 0) throw new Error(`system '${system.name}' (n=${system.stateDim}, m=${system.controlDim}), ${what} products: ${failed.join('; ')}; ${e.detail}`);
}

/** The median; NaN for an empty list (all cases degenerate), which fails any bound. */
function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** Each control repeated twice: the same piecewise-constant signal on a grid of half steps. */
function repeatEach(u: Float64Array, m: number): Float64Array {
  const out = new Float64Array(u.length * 2);
  for (let t = 0; t < u.length / m; t++) {
    for (let j = 0; j < m; j++) out[2 * t * m + j] = out[(2 * t + 1) * m + j] = u[t * m + j];
  }
  return out;
}
