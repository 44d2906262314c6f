import type { MethodConfig, MethodName } from '@hig-lab/core';
import { allocShared } from '@hig-lab/kernels';
import { GramHalfInverse, halfInverseApplySvd, LanczosHalfInverse } from '@hig-lab/linalg';
import type { LanczosReport } from '@hig-lab/linalg';
import { STATELESS } from '../method.js';
import type { TrainingMethod } from '../method.js';
import { assertFinite } from '../non-finite.js';
import type { Problem } from '../problem.js';

/**
 * How the half-inverse is computed: `gram` picks the dense Gram route or, when the Gram matrix
 * would be too large, the truncated one (the default); `dense` and `lanczos` force one of them;
 * `svd` is an exact SVD of J.
 */
export type HalfInverseRoute = 'gram' | 'dense' | 'lanczos' | 'svd';
export const HALF_INVERSE_ROUTES: readonly HalfInverseRoute[] = ['gram', 'dense', 'lanczos', 'svd'];

/**
 * For physics given as products only, the `gram` route takes the dense Gram route while its
 * work, rows²·S multiply-adds to assemble the Gram matrix (S the network's summed layer widths)
 * plus (4/3)·rows³ to decompose it, stays below this, and the truncated route above. Physics
 * with dense step Jacobians always takes the dense route: its dy/du comes from cheap Jacobian
 * chains, while each Lanczos step is a whole JVP and VJP rollout of the batch (HIG on 6
 * nonlinear oscillators, 1536 rows: 1.6 s a step dense, 87 s truncated). For products only, the
 * truncated route's cost grows with the Lanczos steps the weights need (at most
 * LANCZOS_MAX_STEPS), which depends on the spectrum, so no work model orders the two
 * everywhere. Measured here (seconds a step, dense / truncated): Poisson at 1024 rows 0.3 /
 * 4.7–7.2, 2048 rows 1.3 / 13, 4096 rows (the paper's batch) 10 / 25, where the dense route
 * keeps every direction; the heat equation at 1024 rows 1.4 / 0.5, 2048 rows 4.2 / 2.4, where
 * both keep about one direction in eight. The limit keeps the heat equation truncated and the
 * Poisson default dense; `--route dense` is the faster choice at the Poisson paper's batch.
 * Above it the Gram matrix (rows² doubles, and as much again of recorded rotations) is also
 * what fills memory first.
 */
export const DENSE_GRAM_MAX_WORK = 2e9;
/** The truncated route takes at most this many Lanczos steps (its basis: steps × B·n doubles). */
export const LANCZOS_MAX_STEPS = 1024;

/** HIG/GN as a training method, with the route it took and the last truncated solve's report. */
export interface HalfInverseMethod extends TrainingMethod {
  readonly route: Exclude<HalfInverseRoute, 'gram'>;
  /** The report of the last truncated (Lanczos) solve; null on the other routes. */
  readonly lastSolve: LanczosReport | null;
  /** Directions the last update kept above the cut-off (Gram and truncated routes); null before one, and on the SVD route. */
  readonly lastKept: number | null;
}

/** The work of the dense Gram route for `rows` rows and a network of summed layer widths `widths`: assembly plus eigen-problem. */
export function denseGramWork(rows: number, widths: number): number {
  return rows * rows * (widths + (4 / 3) * rows);
}

/**
 * The route `gram` resolves to for a Gram matrix of `rows` rows, a network of summed layer widths
 * `widths`, and physics that gives products only or dense step Jacobians (see DENSE_GRAM_MAX_WORK).
 */
export function resolveRoute(route: HalfInverseRoute, rows: number, widths: number, productsOnly: boolean): Exclude<HalfInverseRoute, 'gram'> {
  if (route !== 'gram') return route;
  return productsOnly && denseGramWork(rows, widths) > DENSE_GRAM_MAX_WORK ? 'lanczos' : 'dense';
}

/**
 * Half-Inverse Gradients: θ ← θ - lr·J^{+β} g with J = dy/dθ [(B·n)×P] (rows sample-major,
 * then state component) and g = ∂(loss/B)/∂y flattened alike. J^{+β} = V S^{-β} Uᵀ, singular
 * values at or below rcond·s_max dropped; β = 1/2 is HIG, β = 1 Gauss–Newton.
 *
 * The dense Gram route never forms J: with G = J Jᵀ = U Λ Uᵀ, J^{+β} g = Jᵀ U Λ^{-(1+β)/2} Uᵀ g.
 * The network assembles G layer by layer from the physics Jacobian dy/du (formed densely, or row
 * by row from adjoint products for a system that gives products only) and applies Jᵀ; the
 * eigen-problem is (B·n)², not (B·n)×P. Its eigenvalues resolve singular values down to about
 * 1e-7·s_max, so directions below that are dropped even when rcond is smaller (see linalg).
 *
 * The truncated route forms neither dy/du nor G: it runs Lanczos on G from g, each step one
 * product G·x = J(Jᵀx) = physics JVP ∘ network tangent ∘ network backward ∘ physics VJP at the
 * batch's linearisation point, and keeps the directions above the cut-off (LanczosHalfInverse).
 */
export function halfInverseGradients(problem: Problem, config: MethodConfig, name: MethodName = 'HIG', requested: HalfInverseRoute = 'gram', threads = 1): HalfInverseMethod {
  const B = config.batchSize;
  const rows = B * problem.n;
  const widths = problem.experiment.network.layers.reduce((sum, layer) => sum + layer.units, 0);
  const route = resolveRoute(requested, rows, widths, !problem.rollout.hasDenseJacobians);
  const update = route === 'lanczos' ? truncatedUpdate(problem, config, name) : denseUpdate(problem, config, name, route, threads);
  return {
    name,
    config,
    route,
    ...STATELESS,
    update: update.update,
    get lastSolve() {
      return update.lastSolve();
    },
    get lastKept() {
      return update.lastKept();
    },
  };
}

interface Update {
  update(params: Float64Array, data: Parameters<TrainingMethod['update']>[1], offset: number): void;
  lastSolve(): LanczosReport | null;
  lastKept(): number | null;
}

function exponentOf(config: MethodConfig, name: MethodName): number {
  return config.beta ?? (name === 'GN' ? 1 : 0.5);
}

/** The dense Gram route (or the exact SVD of J): dy/du, then G or J, then one eigen-problem. */
function denseUpdate(problem: Problem, config: MethodConfig, name: MethodName, route: 'dense' | 'svd', threads: number): Update {
  const B = config.batchSize;
  const { n, controls, paramCount: P } = problem;
  const rows = B * n;
  const beta = exponentOf(config, name);
  const rcond = config.rcond ?? 1e-10;
  const lr = config.learningRate;
  // dy/du and G in the kernels' shared memory: workers fill dy/du, and the Gram is assembled and
  // reduced in place by the WebAssembly kernels (plain arrays when those are not available).
  const buffers = {};
  const dydu = allocShared(buffers, B * n * controls);
  const step = new Float64Array(P);
  const gram = route === 'dense' ? allocShared(buffers, rows * rows) : null;
  const weights = new Float64Array(rows);
  const solver = route === 'dense' ? new GramHalfInverse(rows, undefined, { threads }) : null;
  const jacobian = route === 'svd' ? new Float64Array(rows * P) : null;
  let solved = false;
  return {
    lastSolve: () => null,
    lastKept: () => (solver && solved ? solver.kept : null),
    update(params, data, offset) {
      void buffers; // owns dydu and gram
      problem.forward(params, data, offset, B);
      problem.sensitivitiesAndCotangent(dydu, data, offset, problem.u, B, threads);
      const g = problem.lambda.subarray(0, rows);
      // Finite dy/du and weights can still overflow in the products that build J or G.
      if (jacobian) {
        problem.mlp.jacobian(jacobian, dydu, B, n);
        assertFinite(jacobian, 'Jacobian');
        halfInverseApplySvd(step, jacobian, rows, P, g, beta, rcond, threads);
      } else {
        problem.mlp.gram(gram!, dydu, B, n, threads);
        assertFinite(gram!, 'Jacobian');
        solver!.weightsCore(weights, gram!, g, beta, rcond);
        solved = true;
        problem.mlp.jtv(step, weights);
      }
      for (let i = 0; i < P; i++) params[i] -= lr * step[i];
    },
  };
}

/** The truncated route: Lanczos on G = J Jᵀ from products only. */
function truncatedUpdate(problem: Problem, config: MethodConfig, name: MethodName): Update {
  const B = config.batchSize;
  const { n, controls, paramCount: P, rollout, mlp } = problem;
  const rows = B * n;
  const beta = exponentOf(config, name);
  const rcond = config.rcond ?? 1e-10;
  const lr = config.learningRate;
  const solver = new LanczosHalfInverse(rows, Math.min(rows, LANCZOS_MAX_STEPS));
  const weights = new Float64Array(rows);
  const gu = new Float64Array(B * controls);
  const uDot = new Float64Array(B * controls);
  const theta = new Float64Array(P);
  const step = new Float64Array(P);
  let report: LanczosReport | null = null;
  // out = J Jᵀ x: Jᵀx = network backward of the physics VJP, then J of that.
  const product = (out: Float64Array, x: Float64Array): void => {
    rollout.linearVjp(gu, x);
    theta.fill(0);
    mlp.backward(theta, gu, B);
    mlp.tangent(uDot, theta, B);
    rollout.linearJvp(out, uDot);
  };
  return {
    lastSolve: () => report,
    lastKept: () => report?.kept ?? null,
    update(params, data, offset) {
      problem.forward(params, data, offset, B);
      const s0 = problem.initial(data, offset, B);
      const u = problem.u.subarray(0, B * controls);
      rollout.final(problem.y, s0, u, B);
      problem.batchCotangent(data, offset, B);
      const g = problem.lambda.subarray(0, rows);
      assertFinite(g, 'loss gradient (the physics blew up)');
      rollout.linearize(s0, u, B);
      report = solver.weights(weights, product, g, beta, rcond);
      rollout.linearVjp(gu, weights);
      step.fill(0);
      mlp.backward(step, gu, B);
      assertFinite(step, 'Jacobian');
      for (let i = 0; i < P; i++) params[i] -= lr * step[i];
    },
  };
}
