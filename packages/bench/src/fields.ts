/**
 * Rows of the bench for the field experiments: one HIG step of the Poisson problem at the HIG
 * paper's batch of 64 (a Jacobian of 4096 × 24 896), by the truncated route the default picks
 * there and by the dense Gram route it leaves, with the directions each keeps at rcond 1e-5.
 */
import { createRng, instantiate } from '@hig-lab/core';
import type { ExperimentDefinition } from '@hig-lab/core';
import { initParams } from '@hig-lab/network/kernels';
import { halfInverseGradients, Problem } from '@hig-lab/optimizers-gd-sip-hig';
import type { HalfInverseRoute } from '@hig-lab/optimizers-gd-sip-hig';
import { median, timeMs } from './stats.js';

const PAPER_BATCH = 64;

/** Seconds of `steps` HIG updates (from the same weights and batch) on `route`, and what the last truncated solve reported. */
function higSteps(definition: ExperimentDefinition, route: HalfInverseRoute, steps: number): { seconds: number[]; report: string } {
  const exp = instantiate(definition, { 'HIG.batchSize': PAPER_BATCH, trainSize: 4 * PAPER_BATCH, testSize: 8 });
  const data = exp.data(createRng(0).fork('data'));
  const problem = new Problem(exp, PAPER_BATCH);
  const method = halfInverseGradients(problem, exp.methods.HIG!, 'HIG', route);
  const seconds: number[] = [];
  let report = '-';
  for (let s = 0; s < steps; s++) {
    const params = initParams(exp.network, createRng(s).fork('weights'));
    seconds.push(timeMs(() => method.update(params, data.train, (s % 4) * PAPER_BATCH)) / 1000);
    const r = method.lastSolve;
    report = r ? `${r.kept} kept, ${r.steps} steps${r.converged ? '' : ' (not converged)'}` : `${method.lastKept} of ${problem.n * PAPER_BATCH} kept`;
  }
  return { seconds, report };
}

/** Rows [measure, value, target, met, compared] for one HIG step at the Poisson paper's batch. */
export function poissonPaperBatchRows(definition: ExperimentDefinition, runs: number): string[][] {
  const rows: string[][] = [];
  process.stderr.write(`  poisson: HIG step at batch ${PAPER_BATCH}, truncated route\n`);
  const truncated = higSteps(definition, 'gram', Math.max(1, runs));
  rows.push([`poisson (B=64): HIG step, truncated route [s]`, median(truncated.seconds).toPrecision(3), '-', '-', truncated.report]);
  process.stderr.write(`  poisson: HIG step at batch ${PAPER_BATCH}, dense Gram route (one step)\n`);
  const dense = higSteps(definition, 'dense', 1);
  rows.push([`poisson (B=64): HIG step, dense Gram route [s]`, median(dense.seconds).toPrecision(3), '-', '-', dense.report]);
  return rows;
}
