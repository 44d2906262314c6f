/** One curve of a loss plot, e.g. the loss of one optimizer against wall-clock training time. */
export interface Series {
  /** Shown in the legend; also picks the colour when `color` is absent (see `colorFor`). */
  name: string;
  /** Any SVG/CSS colour; defaults to `colorFor(name, index)`. */
  color?: string;
  /** Drawn in the given order; non-finite points (and non-positive y on a log axis) break the line. */
  points: { x: number; y: number }[];
  /**
   * A second curve of the same method, drawn dashed in its colour: the test loss beside the
   * train loss in `points`. When any series has one, the legend explains solid and dashed.
   */
  testPoints?: { x: number; y: number }[];
}
