import type { FinalStateLoss } from '@hig-lab/core';

/**
 * L(ψ, φ) = 1 - |⟨φ|ψ⟩|² for a unit target φ, both states [2n] in the layout [re, im].
 * With φ = p + iq, ψ = a + ib: ⟨φ|ψ⟩ = R + iI, R = Σ(p a + q b), I = Σ(p b - q a), so
 *   ∂L/∂a = -2(R p - I q),   ∂L/∂b = -2(R q + I p).
 * Blind to the global phase of ψ, as any physical quantity is.
 */
export function infidelityLoss(stateDim: number): FinalStateLoss {
  if (!Number.isInteger(stateDim) || stateDim < 2 || stateDim % 2 !== 0) {
    throw new RangeError(`infidelityLoss: stateDim must be a positive even integer, got ${stateDim}`);
  }
  const n = stateDim / 2;
  /** ⟨φ|ψ⟩ as [R, I]. */
  function overlap(psi: Float64Array, phi: Float64Array): [number, number] {
    let re = 0, im = 0;
    for (let j = 0; j < n; j++) {
      re += phi[j] * psi[j] + phi[n + j] * psi[n + j];
      im += phi[j] * psi[n + j] - phi[n + j] * psi[j];
    }
    return [re, im];
  }
  return {
    targetDim: stateDim,
    value(y, target) {
      const [re, im] = overlap(y, target);
      return 1 - re * re - im * im;
    },
    gradient(out, y, target) {
      const [re, im] = overlap(y, target);
      for (let j = 0; j < n; j++) {
        out[j] = -2 * (re * target[j] - im * target[n + j]);
        out[n + j] = -2 * (re * target[n + j] + im * target[j]);
      }
    },
  };
}
