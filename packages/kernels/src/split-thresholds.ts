/**
 * Work (multiply-adds) below which a kernel runs on one thread even when more are allowed: waking
 * a worker and waiting for it costs some tens of microseconds, more on a loaded machine. Measured
 * by the bench (its crossover rows); tests lower them to 0 to split small problems.
 */
export const splitThresholds = {
  /** Mlp.gram's sample pairs. */
  gram: 4e5,
  /** The blocked tridiagonalisation's trailing update. */
  syr2k: 4e5,
  /** Per-sample physics sensitivities, counted as samples × steps × state size (not multiply-adds). */
  sensitivities: 1e4,
};
