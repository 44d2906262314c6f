import { HEADER_LINES } from './header-lines.js';
import { panelHeight } from './panel-lines.js';

/** Sizes of the dashboard's regions for a terminal, in characters. */
export interface Layout {
  readonly width: number;
  /** Rows drawn: one less than the terminal so that Ink never clears the whole screen (flicker). */
  readonly height: number;
  /** Rows between the header and the panels: the loss plot and the trajectories. */
  readonly middleHeight: number;
  readonly chartWidth: number;
  /** 0 when the terminal is too narrow for the trajectory view. */
  readonly trajectoryWidth: number;
  readonly panelWidth: number;
  /** Lines the panels' settings take (see panel-lines' configRows). */
  readonly configRows: number;
  /** Rows of the method panels: more when their settings wrap. */
  readonly panelHeight: number;
}

export const STATUS_ROWS = 1;
/** Smaller terminals get this size anyway (and some wrapping). */
export const MIN_COLUMNS = 60;
export const MIN_ROWS = 20;
/** Gap between side-by-side regions. */
export const GAP = 1;

/** `configRows(panelWidth)`: how many lines the panels' settings take at that width (see `configRows` of panel-lines). */
export function computeLayout(columns: number, rows: number, methodCount: number, configRows: (panelWidth: number) => number = () => 1): Layout {
  const width = Math.max(MIN_COLUMNS, Math.floor(columns));
  const height = Math.max(MIN_ROWS, Math.floor(rows)) - 1;
  const n = Math.max(1, methodCount);
  const panelWidth = Math.floor((width - GAP * (n - 1)) / n);
  const settings = Math.max(1, configRows(panelWidth));
  const panels = panelHeight(settings);
  const middleHeight = height - HEADER_LINES - panels - STATUS_ROWS;
  const trajectoryWidth = width >= 72 ? Math.min(60, Math.max(24, Math.floor(width * 0.36))) : 0;
  const chartWidth = trajectoryWidth > 0 ? width - trajectoryWidth - GAP : width;
  return { width, height, middleHeight, chartWidth, trajectoryWidth, panelWidth, configRows: settings, panelHeight: panels };
}
