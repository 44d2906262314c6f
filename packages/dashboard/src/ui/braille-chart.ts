/**
 * Line plots drawn with braille characters: each character cell holds 2×4 dots, so a grid of
 * w×h cells has 2w×4h dots. Pure functions, no terminal: views turn the cells into text.
 */
import type { Run } from './text-line.js';

/** Where values map on an axis. A log scale needs 0 < min < max. */
export interface Scale {
  readonly kind: 'linear' | 'log';
  readonly min: number;
  readonly max: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface BrailleSeries {
  readonly color: string;
  /** Joined by straight lines; a non-finite point (or y ≤ 0 on a log scale) breaks the line. */
  readonly points: readonly Point[];
  readonly hidden?: boolean;
  /** Every other pair of dot columns left out, for reference lines. */
  readonly dashed?: boolean;
}

/** One character cell: a braille character (a space when empty) and the colour of the last series that touched it. */
export interface Cell {
  readonly char: string;
  readonly color: string | null;
}

export interface GridOptions {
  /** Size in character cells. */
  readonly width: number;
  readonly height: number;
  readonly x: Scale;
  readonly y: Scale;
  /** Drawn in order; where two share a cell, the later one's colour wins. */
  readonly series: readonly BrailleSeries[];
}

const BLANK = 0x2800;
const EMPTY: Cell = { char: ' ', color: null };
/** Bit of dot (column c ∈ {0,1}, row r ∈ {0..3}) in a braille character. */
const DOT_BITS = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
] as const;

/** Rows (top first) of `height` cells, each `width` cells long. */
export function brailleGrid(options: GridOptions): Cell[][] {
  const { width, height } = options;
  const bits = Array.from({ length: height }, () => new Array<number>(width).fill(0));
  const colors = Array.from({ length: height }, () => new Array<string | null>(width).fill(null));
  const canvas: Canvas = {
    dotsX: width * 2,
    dotsY: height * 4,
    set(px, py, color) {
      const row = bits[py >> 2];
      const colorRow = colors[py >> 2];
      if (!row || !colorRow) return;
      row[px >> 1] = (row[px >> 1] ?? 0) | DOT_BITS[py & 3][px & 1];
      colorRow[px >> 1] = color;
    },
  };
  for (const series of options.series) if (!series.hidden) drawSeries(canvas, options, series);
  // Empty cells are plain spaces: some fonts draw the blank braille pattern U+2800 visibly.
  return bits.map((row, r) => row.map((b, c) => (b ? { char: String.fromCharCode(BLANK + b), color: colors[r]?.[c] ?? null } : EMPTY)));
}

/** Position of `value` in dots along an axis of `dots` dots (0 at min), or null when it cannot be drawn. */
function dotPosition(scale: Scale, value: number, dots: number): number | null {
  const t = fraction(scale, value);
  return t === null ? null : t * (dots - 1);
}

/** Character row (0 = top) at which `value` lies on a vertical axis of `rows` rows. */
export function rowOf(scale: Scale, value: number, rows: number): number | null {
  return cellOf(scale, value, rows, 4, true);
}

/** Character column at which `value` lies on a horizontal axis of `columns` columns. */
export function columnOf(scale: Scale, value: number, columns: number): number | null {
  return cellOf(scale, value, columns, 2, false);
}

/**
 * The cell of `cells` cells (of `dotsPerCell` dots each) whose dot is nearest to `value`, or
 * null outside the axis. The flip comes before rounding, so that ties go to the same dot as drawn.
 */
function cellOf(scale: Scale, value: number, cells: number, dotsPerCell: number, fromMax: boolean): number | null {
  const t = fraction(scale, value);
  if (t === null || t < 0 || t > 1) return null;
  const dot = Math.round((fromMax ? 1 - t : t) * (cells * dotsPerCell - 1));
  return Math.floor(dot / dotsPerCell);
}

/** 0 at min, 1 at max (outside for values out of range), or null when not drawable. */
function fraction(scale: Scale, value: number): number | null {
  if (!Number.isFinite(value)) return null;
  if (scale.kind === 'log') {
    if (value <= 0) return null;
    const lo = Math.log10(scale.min);
    const span = Math.log10(scale.max) - lo;
    return span > 0 ? (Math.log10(value) - lo) / span : 0.5;
  }
  const span = scale.max - scale.min;
  return span > 0 ? (value - scale.min) / span : 0.5;
}

interface Canvas {
  readonly dotsX: number;
  readonly dotsY: number;
  set(px: number, py: number, color: string): void;
}

function drawSeries(canvas: Canvas, options: GridOptions, series: BrailleSeries): void {
  let previous: [number, number] | null = null;
  for (const point of series.points) {
    const px = dotPosition(options.x, point.x, canvas.dotsX);
    const py = dotPosition(options.y, point.y, canvas.dotsY);
    if (px === null || py === null) {
      previous = null;
      continue;
    }
    // Dot rows count down from the top.
    const current: [number, number] = [px, canvas.dotsY - 1 - py];
    drawSegment(canvas, previous ?? current, current, series);
    previous = current;
  }
}

/** Straight line between two dot positions, clipped to the canvas. */
function drawSegment(canvas: Canvas, from: readonly [number, number], to: readonly [number, number], series: BrailleSeries): void {
  const clipped = clip(from, to, canvas.dotsX - 0.5, canvas.dotsY - 0.5);
  if (!clipped) return;
  const [[x0, y0], [x1, y1]] = clipped;
  const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
  for (let i = 0; i <= steps; i++) {
    const px = Math.round(x0 + ((x1 - x0) * i) / steps);
    const py = Math.round(y0 + ((y1 - y0) * i) / steps);
    if (px < 0 || py < 0 || px >= canvas.dotsX || py >= canvas.dotsY) continue;
    if (series.dashed && px % 4 >= 2) continue;
    canvas.set(px, py, series.color);
  }
}

type Segment = [[number, number], [number, number]];

/** Liang–Barsky: the part of the segment inside [-0.5, maxX]×[-0.5, maxY], or null. */
function clip(from: readonly [number, number], to: readonly [number, number], maxX: number, maxY: number): Segment | null {
  const [x0, y0] = from;
  const dx = to[0] - x0;
  const dy = to[1] - y0;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, x0 + 0.5],
    [dx, maxX - x0],
    [-dy, y0 + 0.5],
    [dy, maxY - y0],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return null;
  }
  return [
    [x0 + t0 * dx, y0 + t0 * dy],
    [x0 + t1 * dx, y0 + t1 * dy],
  ];
}

/** Consecutive cells of one colour merged into runs of text; runs of empty cells have no colour. */
export function cellRuns(row: readonly Cell[]): Run[] {
  const runs: { text: string; color: string | null }[] = [];
  for (const cell of row) {
    const last = runs.at(-1);
    if (last && last.color === cell.color) last.text += cell.char;
    else runs.push({ text: cell.char, color: cell.color });
  }
  return runs.map(({ text, color }) => (color === null ? { text } : { text, color }));
}
