/**
 * Where the dashboard saves each experiment's results, so that a switch with `e` never mixes
 * two experiments in one folder: without --out, results/<experiment>; with --out DIR, DIR for
 * the experiment it started with and DIR-<experiment> for any other.
 */
export function experimentOutDirs(out: string | undefined, initial: string): (experiment: string) => string {
  return (experiment) => (out === undefined ? `results/${experiment}` : experiment === initial ? out : `${out}-${experiment}`);
}
