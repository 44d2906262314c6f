/** Step mantissas ×10 (so 2.5 stays an integer): steps are 1, 2, 2.5 and 5 times a power of ten. */
const MANTISSAS = [10, 20, 25, 50] as const;

/** Relative slack so that ticks on a limit survive rounding of min / step. */
const SLACK = 1e-9;

/** Smallest span, relative to the magnitude, that is split into nice steps. */
const RESOLUTION = 1e-12;

/**
 * "Nice" linear ticks (steps 1, 2, 2.5, 5 × 10^k, as matplotlib's MaxNLocator): the smallest
 * such step that puts at most `count` ticks inside [min, max]. Returns between
 * max(1, ⌊count/2⌋) and `count` ticks, increasing and evenly spaced; [min] when min === max
 * and [min, max] when the span is below 1e-12 of the magnitude.
 */
export function niceTicks(min: number, max: number, count: number): number[] {
  checkArguments(min, max, count);
  if (min === max) return [min];
  // Too narrow for doubles to hold distinct multiples of a step: the limits are the only ticks.
  if (max - min <= RESOLUTION * Math.max(Math.abs(min), Math.abs(max))) return count === 1 ? [min] : [min, max];
  let exponent = Math.floor(Math.log10((max - min) / count)) - 2;
  // Ends: the first step is at most a tenth of the needed one, and steps grow by at most 2.5×.
  for (;;) {
    for (const mantissa of MANTISSAS) {
      const ticks = ticksForStep(min, max, mantissa, exponent, count);
      if (ticks !== undefined) return ticks;
    }
    exponent += 1;
  }
}

function checkArguments(min: number, max: number, count: number): void {
  if (!Number.isFinite(min)) throw new RangeError(`niceTicks: min must be finite, got ${min}`);
  if (!Number.isFinite(max)) throw new RangeError(`niceTicks: max must be finite, got ${max}`);
  if (min > max) throw new RangeError(`niceTicks: min (${min}) must not exceed max (${max})`);
  if (!Number.isFinite(max - min)) throw new RangeError(`niceTicks: max - min overflows for [${min}, ${max}]`);
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`niceTicks: count must be a positive integer, got ${count}`);
  }
}

/** The ticks of step mantissa × 10^(exponent-1), or undefined when there would be more than `count`. */
function ticksForStep(min: number, max: number, mantissa: number, exponent: number, count: number): number[] | undefined {
  const step = scale(mantissa, exponent - 1);
  const first = Math.ceil(min / step - SLACK);
  const last = Math.floor(max / step + SLACK);
  if (last - first + 1 > count) return undefined;
  const ticks: number[] = [];
  // Counting n (not i) bounds the loop even where i is too large for i++ to change it;
  // "+ 0" turns the -0 of Math.ceil(-0.3) into 0.
  for (let n = 0; n <= last - first; n++) ticks.push(scale((first + n) * mantissa, exponent - 1) + 0);
  return ticks;
}

/** integer × 10^exponent, dividing by an exact power of ten so that 3 × 0.1 prints as 0.3. */
function scale(integer: number, exponent: number): number {
  const power = Number(`1e${Math.abs(exponent)}`);
  return exponent >= 0 ? integer * power : integer / power;
}
