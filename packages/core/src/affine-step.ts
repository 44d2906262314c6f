import type { PhysicsSystem } from './system.js';

/** A step that is affine in state and control: s' = js·s + ju·u + c. */
export interface AffineStep {
  /** js [n×n], ju [n×m], c [n]. */
  readonly js: Float64Array;
  readonly ju: Float64Array;
  readonly c: Float64Array;
}

/**
 * Detects a step that is affine in (s, u), as RK4 makes of a linear ODE: its Jacobians are
 * identical at several unrelated points and the step reproduces js·s + ju·u + c there to
 * rounding. Rollouts of such a system become matrix-vector products, and its sensitivities
 * dy/du are the same for every sample. Returns null for anything else, and for a system without
 * dense Jacobians (see `isAffineByProducts`).
 */
export function detectAffineStep(system: PhysicsSystem, dt: number): AffineStep | null {
  if (!system.stepJacobians) return null;
  const stepJacobians = (...args: Parameters<NonNullable<PhysicsSystem['stepJacobians']>>) => system.stepJacobians!(...args);
  const n = system.stateDim;
  const m = system.controlDim;
  const js = new Float64Array(n * n), ju = new Float64Array(n * m), c = new Float64Array(n);
  const js2 = new Float64Array(n * n), ju2 = new Float64Array(n * m);
  const out = new Float64Array(n), predicted = new Float64Array(n);
  system.step(c, new Float64Array(n), new Float64Array(m), dt);
  const probes = [0.31, -0.77, 1.9].map((a) => ({
    s: Float64Array.from({ length: n }, (_, i) => a * Math.sin(1.3 * i + a)),
    u: Float64Array.from({ length: m }, (_, j) => a * Math.cos(0.7 * j - a)),
  }));
  stepJacobians(out, js, ju, probes[0].s, probes[0].u, dt);
  for (const { s, u } of probes) {
    stepJacobians(out, js2, ju2, s, u, dt);
    if (!sameValues(js, js2) || !sameValues(ju, ju2)) return null;
    let scale = 0;
    for (let i = 0; i < n; i++) {
      let acc = c[i];
      for (let j = 0; j < n; j++) acc += js[i * n + j] * s[j];
      for (let j = 0; j < m; j++) acc += ju[i * m + j] * u[j];
      predicted[i] = acc;
      scale = Math.max(scale, Math.abs(out[i]), 1);
    }
    for (let i = 0; i < n; i++) if (Math.abs(out[i] - predicted[i]) > 1e-12 * scale) return null;
  }
  return { js, ju, c };
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
