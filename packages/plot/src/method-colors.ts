/**
 * Fixed colours per optimizer so every figure of the project uses the same hue for the
 * same method (matplotlib's tab10 palette).
 */
export const METHOD_COLORS: Record<string, string> = Object.freeze({
  GD: '#1f77b4',
  Adam: '#1f77b4',
  SIP: '#ff7f0e',
  HIG: '#2ca02c',
  GN: '#d62728',
});

/** The rest of tab10, for series that are not one of the known methods. */
export const FALLBACK_COLORS: readonly string[] = Object.freeze([
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
]);
