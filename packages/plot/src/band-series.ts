/** One curve of a band plot: a median line and, where `lower` and `upper` are given, the band between them. */
export interface BandSeries {
  /** Shown in the legend (unless `legend` is false); picks the colour when `color` is absent. */
  name: string;
  color?: string;
  /** x, the line's y, and the band's edges at x. */
  points: { x: number; y: number; lower?: number; upper?: number }[];
  /** A dashed line (a companion curve, such as the test loss beside the train loss). */
  dashed?: boolean;
  /** False: not listed in the legend. Default true. */
  legend?: boolean;
}
