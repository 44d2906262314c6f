/**
 * Work below which a kernel runs on one thread even when more are allowed: waking a worker and
 * waiting for it costs some tens of microseconds (more on a loaded machine), so a share should be
 * worth at least ~100 µs (4e5 multiply-adds at the kernels' few GFlop/s). `npm run bench` prints
 * the parts that split on one thread beside the same parts on all threads, which shows whether
 * splitting pays on the machine at hand. Tests lower these to 0 to split small problems.
 */
export const splitThresholds = {
  /** Mlp.gram's sample pairs. */
  gram: 4e5,
  /** The blocked tridiagonalisation's trailing update. */
  syr2k: 4e5,
  /** Per-sample physics sensitivities, counted as samples × steps × state size (not multiply-adds). */
  sensitivities: 1e4,
};
