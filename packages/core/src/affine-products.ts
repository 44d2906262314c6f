import type { StepProducts } from './step-products.js';
import type { PhysicsSystem } from './system.js';

/**
 * Detects, with products only, a step that is affine in (s, u): at several unrelated probes the
 * step equals step(0, 0) + J·(s, u) to rounding, with J·(s, u) the Jacobian-vector product taken
 * at the origin, and the product along a fixed direction is identical at every probe. No n×n
 * matrix is formed. Returns false for anything else.
 */
export function isAffineByProducts(system: PhysicsSystem, products: StepProducts, dt: number): boolean {
  const n = system.stateDim;
  const m = system.controlDim;
  const zeroS = new Float64Array(n), zeroU = new Float64Array(m);
  const c = new Float64Array(n), out = new Float64Array(n), predicted = new Float64Array(n);
  const atOrigin = new Float64Array(n), atProbe = new Float64Array(n);
  system.step(c, zeroS, zeroU, dt);
  const direction = {
    s: Float64Array.from({ length: n }, (_, i) => Math.cos(0.9 * i + 0.2)),
    u: Float64Array.from({ length: m }, (_, j) => Math.sin(1.7 * j + 0.4)),
  };
  products.jvp(atOrigin, zeroS, zeroU, dt, direction.s, direction.u);
  for (const a of [0.31, -0.77, 1.9]) {
    const s = Float64Array.from({ length: n }, (_, i) => a * Math.sin(1.3 * i + a));
    const u = Float64Array.from({ length: m }, (_, j) => a * Math.cos(0.7 * j - a));
    products.jvp(atProbe, s, u, dt, direction.s, direction.u);
    for (let i = 0; i < n; i++) if (atProbe[i] !== atOrigin[i]) return false;
    system.step(out, s, u, dt);
    products.jvp(predicted, zeroS, zeroU, dt, s, u);
    let scale = 1;
    for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(out[i]));
    for (let i = 0; i < n; i++) if (Math.abs(out[i] - c[i] - predicted[i]) > 1e-12 * scale) return false;
  }
  return true;
}
