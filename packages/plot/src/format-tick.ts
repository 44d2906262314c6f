/** Largest magnitude printed in plain decimal notation; above it labels switch to 1.5e6 style. */
const PLAIN_LIMIT = 1e6;

/**
 * Label of a linear-axis tick: as many decimals as the tick step needs ("0.25", "10"),
 * exponent notation for huge or tiny values, never "-0".
 */
export function formatLinearTick(value: number, step: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`formatLinearTick: value must be finite, got ${value}`);
  if (!(step > 0) || !Number.isFinite(step)) {
    throw new RangeError(`formatLinearTick: step must be positive and finite, got ${step}`);
  }
  if (value === 0 || Object.is(value, -0)) return '0';
  const decimals = decimalsOf(step);
  if (Math.abs(value) >= PLAIN_LIMIT || decimals > 6) return compactExponential(value);
  return value.toFixed(decimals);
}

/** Label of a log-axis tick in 1e-8 style: "1e-8" for decades, "2e-8" for minor ticks. */
export function formatLogTick(value: number): string {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`formatLogTick: value must be positive and finite, got ${value}`);
  }
  return compactExponential(value);
}

/** Fewest decimals (≤ 20) for which the step is a whole number of units. */
function decimalsOf(step: number): number {
  for (let d = 0; d < 20; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * scaled) return d;
  }
  return 20;
}

/** "1e-8", "2.5e3": JavaScript's exponent form without "+" and with at most 3 significant digits. */
function compactExponential(value: number): string {
  const [mantissa = '', exponent = '0'] = value.toExponential(2).split('e');
  const trimmed = mantissa.replace(/\.?0+$/, '');
  return `${trimmed}e${Number(exponent)}`;
}
