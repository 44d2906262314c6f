/** Slack in decades so that a limit lying exactly on a decade counts as inside. */
const SLACK = 1e-9;

/**
 * Decade ticks 10^k for a logarithmic axis over [min, max]. At most `maxCount` ticks: over many
 * decades only every n-th decade is kept, aligned so that 1e0 stays when inside. When fewer
 * than two decades lie inside, returns the decades just covering [min, max] instead (callers
 * widen their axis to them). Always at least two ticks, increasing, evenly spaced in log.
 */
export function logTicks(min: number, max: number, maxCount = 10): number[] {
  checkArguments('logTicks', min, max, maxCount);
  const lo = Math.ceil(Math.log10(min) - SLACK);
  const hi = Math.floor(Math.log10(max) + SLACK);
  if (hi - lo < 1) return coveringDecades(min, max);
  const stride = decadeStride(lo, hi, maxCount);
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / stride) * stride; k <= hi; k += stride) ticks.push(decade(k));
  return ticks;
}

/**
 * Minor ticks of a logarithmic axis: 2..9 × 10^k inside [min, max] when every decade is a
 * major tick, otherwise the decades that `logTicks` skipped.
 */
export function logMinorTicks(min: number, max: number, maxCount = 10): number[] {
  checkArguments('logMinorTicks', min, max, maxCount);
  const majors = logTicks(min, max, maxCount);
  const [a = 1, b = 10] = majors;
  const stride = Math.round(Math.log10(b / a));
  const lo = Math.floor(Math.log10(min) + SLACK);
  const hi = Math.floor(Math.log10(max) + SLACK);
  const minors: number[] = [];
  for (let k = lo; k <= hi; k++) {
    if (stride > 1) {
      if (k % stride !== 0) minors.push(decade(k));
    } else {
      for (let m = 2; m <= 9; m++) minors.push(Number(`${m}e${k}`));
    }
  }
  return minors.filter((v) => v >= min * (1 - SLACK) && v <= max * (1 + SLACK));
}

/** 10^k as the double nearest to the decimal literal (Math.pow can be one ulp off). */
function decade(k: number): number {
  return Number(`1e${k}`);
}

/** Clamped to the decades a double can hold (1e-323 … 1e308). */
function coveringDecades(min: number, max: number): number[] {
  const lo = Math.min(Math.max(Math.floor(Math.log10(min) + SLACK), -323), 307);
  const hi = Math.min(Math.max(Math.ceil(Math.log10(max) - SLACK), lo + 1), 308);
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k++) ticks.push(decade(k));
  return ticks;
}

/** Smallest stride that keeps the number of ticks in [lo, hi] at or below maxCount. */
function decadeStride(lo: number, hi: number, maxCount: number): number {
  return Math.max(1, Math.ceil((hi - lo) / (maxCount - 1)));
}

function checkArguments(fn: string, min: number, max: number, maxCount: number): void {
  if (!(min > 0) || !Number.isFinite(min)) throw new RangeError(`${fn}: min must be positive and finite, got ${min}`);
  if (!(max > 0) || !Number.isFinite(max)) throw new RangeError(`${fn}: max must be positive and finite, got ${max}`);
  if (min > max) throw new RangeError(`${fn}: min (${min}) must not exceed max (${max})`);
  if (!Number.isInteger(maxCount) || maxCount < 3) {
    throw new RangeError(`${fn}: maxCount must be an integer ≥ 3, got ${maxCount}`);
  }
}
