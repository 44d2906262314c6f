/** Appearance and axis limits of `lossPlotSvg`; every field is optional. */
export interface PlotOptions {
  title?: string;
  /** Default "Training time [s]". */
  xLabel?: string;
  /** Default "Loss". */
  yLabel?: string;
  /** Size of the SVG in px; defaults 800 × 500. */
  width?: number;
  height?: number;
  /** Logarithmic y axis with decade ticks; default true. */
  logY?: boolean;
  /** Fixed axis limits; a missing limit is taken from the data plus a 5 % margin. */
  xMin?: number;
  xMax?: number;
  yMin?: number;
  yMax?: number;
}
