import { divergingColor, symmetricRange } from '@hig-lab/plot';
import { AXIS_COLOR, TARGET_COLOR, UNCONTROLLED_COLOR } from './colors.js';
import { blankLine, fitLine } from './text-line.js';
import type { Line, Run } from './text-line.js';
import type { TrajectoryPicture } from './trajectory-chart.js';

/** Half-block: its foreground colours the top half of a cell, its background the bottom half. */
const UPPER_HALF = '▀';
/** Columns between two maps. */
const GAP = 1;

/** One field to draw: a label in its colour and the values [rows×cols], row-major. */
interface FieldMap {
  readonly label: string;
  readonly color: string;
  readonly values: ArrayLike<number>;
}

/**
 * The final fields of test sample 0 as small heat maps, for a state that is a 2-D grid: the
 * target, the run without control and each method's run, side by side (in rows of maps when they
 * do not fit), each under its label, all on one symmetric colour scale (blue negative, red
 * positive) whose range the last line gives. A cell is two vertically stacked values drawn with
 * a half-block; a grid larger than the room is shown block-averaged. Exactly `height` lines of
 * exactly `width` characters.
 */
export function fieldMapLines(picture: TrajectoryPicture | null, width: number, height: number): Line[] {
  const blank = (): Line => blankLine(width);
  if (!picture?.grid || height < 4 || width < 12) return Array.from({ length: Math.max(0, height) }, blank);
  const [rows, cols] = picture.grid;
  const maps = fieldsOf(picture);
  const scale = symmetricRange(maps.map((m) => m.values));
  // Room for the maps: one line for the title, one for the scale, one label line per row of maps.
  const layout = mapLayout(maps.length, rows, cols, width, height - 2);
  const lines: Line[] = [fitLine([{ text: `test sample 0, final field ${rows}×${cols}`, bold: true }], width)];
  for (let first = 0; first < maps.length && lines.length + 1 + layout.cellRows < height; first += layout.perRow) {
    const row = maps.slice(first, first + layout.perRow);
    lines.push(fitLine(labelRuns(row, layout.mapWidth), width));
    for (let r = 0; r < layout.cellRows; r++) lines.push(fitLine(cellRuns(row, r, layout, rows, cols, scale), width));
  }
  while (lines.length < height - 1) lines.push(blank());
  lines.push(fitLine(scaleRuns(scale), width));
  return lines.slice(0, height);
}

function fieldsOf(picture: TrajectoryPicture): FieldMap[] {
  const n = picture.stateDim;
  const last = (states: Float64Array) => states.subarray(picture.steps * n, (picture.steps + 1) * n);
  const maps: FieldMap[] = [];
  if (picture.target) maps.push({ label: 'target', color: TARGET_COLOR, values: picture.target });
  if (picture.uncontrolled) maps.push({ label: 'no ctrl', color: UNCONTROLLED_COLOR, values: last(picture.uncontrolled) });
  for (const curve of picture.curves) maps.push({ label: curve.name, color: curve.color, values: last(curve.states) });
  return maps;
}

interface MapLayout {
  /** Maps per row of maps. */
  readonly perRow: number;
  /** Characters across one map, and grid columns per character. */
  readonly mapWidth: number;
  readonly colStep: number;
  /** Text rows of one map, and grid rows per half-block (two per text row). */
  readonly cellRows: number;
  readonly rowStep: number;
}

/**
 * The largest maps that fit: a grid of rows × cols is drawn at cols/colStep characters and
 * rows/(2·rowStep) text rows, with the same step both ways so that a cell stays square.
 */
function mapLayout(count: number, rows: number, cols: number, width: number, room: number): MapLayout {
  for (let step = 1; ; step++) {
    const mapWidth = Math.ceil(cols / step);
    const cellRows = Math.ceil(rows / (2 * step));
    const perRow = Math.max(1, Math.min(count, Math.floor((width + GAP) / (mapWidth + GAP))));
    const rowsOfMaps = Math.ceil(count / perRow);
    const fits = mapWidth <= width && rowsOfMaps * (cellRows + 1) <= room;
    if (fits || step >= Math.max(rows, cols)) return { perRow, mapWidth: Math.max(1, mapWidth), colStep: step, cellRows: Math.max(1, cellRows), rowStep: step };
  }
}

function labelRuns(row: readonly FieldMap[], mapWidth: number): Run[] {
  return row.flatMap((map, i) => [...(i > 0 ? [{ text: ' '.repeat(GAP) }] : []), { text: map.label.slice(0, mapWidth).padEnd(mapWidth), color: map.color, bold: true }]);
}

/** Text row r of each map in the row: half-blocks whose colours are the block averages above and below. */
function cellRuns(row: readonly FieldMap[], r: number, layout: MapLayout, rows: number, cols: number, scale: number): Run[] {
  const runs: Run[] = [];
  row.forEach((map, i) => {
    if (i > 0) runs.push({ text: ' '.repeat(GAP) });
    for (let c = 0; c < layout.mapWidth; c++) {
      const top = blockMean(map.values, rows, cols, 2 * r * layout.rowStep, c * layout.colStep, layout.rowStep, layout.colStep);
      const bottom = blockMean(map.values, rows, cols, (2 * r + 1) * layout.rowStep, c * layout.colStep, layout.rowStep, layout.colStep);
      runs.push({ text: UPPER_HALF, color: divergingColor(top, scale), ...(Number.isNaN(bottom) ? {} : { background: divergingColor(bottom, scale) }) });
    }
  });
  return runs;
}

/** Mean of the grid block [r0, r0+h) × [c0, c0+w) clipped to the grid; NaN when the block lies outside. */
function blockMean(values: ArrayLike<number>, rows: number, cols: number, r0: number, c0: number, h: number, w: number): number {
  let sum = 0, count = 0;
  for (let r = r0; r < Math.min(rows, r0 + h); r++) {
    for (let c = c0; c < Math.min(cols, c0 + w); c++) {
      sum += values[r * cols + c];
      count++;
    }
  }
  return count > 0 ? sum / count : NaN;
}

/** The colour bar: −max in blue, 0 white, +max in red. */
function scaleRuns(scale: number): Run[] {
  const label = (v: number) => (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-2 ? v.toExponential(1) : v.toPrecision(2));
  const bar: Run[] = [-1, -0.5, 0, 0.5, 1].map((t) => ({ text: '█', color: divergingColor(t * scale, scale) }));
  return [{ text: `${label(-scale)} `, color: AXIS_COLOR }, ...bar, { text: ` ${label(scale)}`, color: AXIS_COLOR }];
}
