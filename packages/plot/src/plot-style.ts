/** Look of the figure, close to matplotlib's defaults at 100 dpi. */
export const STYLE = {
  fontFamily: 'DejaVu Sans',
  /** Mean advance of DejaVu Sans glyphs in em, to size margins and the legend without a layout engine. */
  charWidth: 0.62,
  tickFont: 12,
  labelFont: 13,
  titleFont: 16,
  legendFont: 12,
  majorTick: 5,
  minorTick: 3,
  tickPad: 4,
  lineWidth: 1.8,
  /** stroke-dasharray of test-loss curves and of the target in trajectory figures (with round caps, dots). */
  dashed: '6 4',
  dotted: '0.1 4',
  /** The uncontrolled run, and the legend's neutral line styles. */
  neutral: '#7f7f7f',
  markerRadius: 2.5,
  text: '#1a1a1a',
  spine: '#1a1a1a',
  gridMajor: '#dcdcdc',
  gridMinor: '#f2f2f2',
  legendEdge: '#cccccc',
  background: '#ffffff',
  /** Fraction of the data span added on each automatic axis limit (matplotlib's margins). */
  margin: 0.05,
} as const;

/** Approximate rendered width of a text in px. */
export function textWidth(text: string, fontSize: number): number {
  return [...text].length * STYLE.charWidth * fontSize;
}
