/** The fields of an epoch record that a study reads. */
export interface TimedLoss {
  readonly time: number;
  readonly trainLoss: number;
  readonly testLoss: number;
  /** The epoch the losses were evaluated after (results.json has it; evaluations may skip epochs). */
  readonly epoch?: number;
}

/**
 * The loss a run had at training time `t`: that of its last evaluation at or before `t` (the
 * weights do not change between evaluations as far as anyone measured), and after the run
 * ended, its last one. NaN before its first. `records` are in time order.
 */
export function lossAt(records: readonly TimedLoss[], t: number, key: 'trainLoss' | 'testLoss'): number {
  let lo = 0;
  let hi = records.length; // first index with time > t
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((records[mid] as TimedLoss).time <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? NaN : (records[lo - 1] as TimedLoss)[key];
}
