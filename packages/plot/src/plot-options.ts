/** What the x values of a loss plot are: training time in seconds or completed epochs. */
export type XAxis = 'time' | 'epoch';

/** Appearance and axis limits of `lossPlotSvg`; every field is optional. */
export interface PlotOptions {
  title?: string;
  /** What x is: 'time' (default) or 'epoch', which labels the axis "Epoch" and ticks it at whole numbers. */
  xAxis?: XAxis;
  /** Default "Training time [s]" ("Epoch" for xAxis 'epoch'). */
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
