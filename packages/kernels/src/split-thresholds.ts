/**
 * Work below which a kernel runs on one thread even when more are allowed: waking a worker and
 * waiting for it costs some tens of microseconds (more on a loaded machine), so a share should be
 * worth at least ~100 µs (4e5 multiply-adds at the kernels' few GFlop/s). `npm run bench` prints
 * the parts that split on one thread beside the same parts on all threads, which shows whether
 * splitting pays on the machine at hand. Tests lower these to 0 to split small problems.
 */
export const splitThresholds = {
  /**
   * Mlp.gram's sample pairs. In the bench on the loaded 2-core machine, the seed's 128² Gram
   * (7e5 multiply-adds) took 0.35 ms split and 0.27 ms whole; the quantum dipole's 448² (5e7)
   * 8.0 ms split and 9.8 ms whole.
   */
  gram: 4e6,
  /** The blocked tridiagonalisation's trailing update. */
  syr2k: 4e5,
  /** The exact SVD route's QR: a panel's reflectors applied to the later columns, in multiply-adds. */
  qr: 4e5,
  /** Per-sample physics sensitivities, counted as samples × steps × state size (not multiply-adds). */
  sensitivities: 1e4,
};
