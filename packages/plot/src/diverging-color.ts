/**
 * A diverging colour scale for signed fields: blue for negative, near-white for zero, red for
 * positive, symmetric about zero so that the sign reads at a glance and maps drawn on the same
 * scale compare directly. Hex colours, for SVG fills and the dashboard (Ink draws them as 24-bit
 * terminal colours).
 */
export function divergingColor(value: number, scale: number): string {
  if (!Number.isFinite(value)) return '#808080';
  const t = scale > 0 ? Math.max(-1, Math.min(1, value / scale)) : 0;
  // From white (t = 0) towards red (t = 1) or blue (t = -1).
  const [r, g, b] = t >= 0 ? mix([247, 247, 247], [178, 24, 43], t) : mix([247, 247, 247], [33, 102, 172], -t);
  return `#${hex(r)}${hex(g)}${hex(b)}`;
}

/** The largest finite |value| over every field (1 when all are zero): one divergingColor scale for them all. */
export function symmetricRange(fields: readonly ArrayLike<number>[]): number {
  let max = 0;
  for (const values of fields) for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) max = Math.max(max, Math.abs(values[i]));
  return max > 0 ? max : 1;
}

function mix(a: readonly number[], b: readonly number[], t: number): number[] {
  return a.map((v, i) => Math.round(v + (b[i] - v) * t));
}

function hex(v: number): string {
  return v.toString(16).padStart(2, '0');
}
