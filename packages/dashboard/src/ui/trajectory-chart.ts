import { formatLinearTick, niceTicks } from '@hig-lab/plot';
import { brailleGrid, cellRuns } from './braille-chart.js';
import type { BrailleSeries, Scale } from './braille-chart.js';
import { AXIS_COLOR, TARGET_COLOR, UNCONTROLLED_COLOR } from './colors.js';
import { blankLine, fitLine, joinFields, lineText } from './text-line.js';
import type { Line, Run } from './text-line.js';

/** The states [(steps+1)×stateDim] of one sample under one method's controller. */
export interface TrajectoryCurve {
  readonly name: string;
  readonly color: string;
  readonly states: Float64Array;
}

/** Everything the trajectory view draws; the states come from `sampleTrajectory`. */
export interface TrajectoryPicture {
  readonly steps: number;
  readonly stateDim: number;
  readonly stateNames: readonly string[];
  readonly components: readonly number[];
  /** The state the final one should match, drawn as a dashed line; null when the loss has no state-shaped target. */
  readonly target: Float64Array | null;
  /** The states [(steps+1)×stateDim] without control, drawn grey under the methods' curves; null when unknown. */
  readonly uncontrolled: Float64Array | null;
  /** The methods' curves, drawn in order over the uncontrolled one. */
  readonly curves: readonly TrajectoryCurve[];
  /** The state's shape [rows, cols] when it is a 2-D field: then the final fields are drawn as heat maps. */
  readonly grid?: readonly [number, number];
}

/** Smallest plot height per component, in rows: the max tick, the name, the min tick. */
const MIN_ROWS = 3;
/** The legend wraps onto at most this many lines. */
const LEGEND_LINES = 2;
/** Rows below the plots: the step axis. */
const AXIS_ROWS = 1;

/**
 * One small line plot per shown component, each with its value range at the top and bottom of
 * its axis, under a legend naming the target, the uncontrolled run and each method's colour;
 * exactly `height` lines of exactly `width` characters.
 */
export function trajectoryLines(picture: TrajectoryPicture | null, width: number, height: number): Line[] {
  const blank = (): Line => blankLine(width);
  if (height - 1 - AXIS_ROWS < MIN_ROWS || width < 12) return Array.from({ length: Math.max(0, height) }, blank);
  if (!picture) return [fitLine([{ text: 'trajectory: waiting for the first evaluation', color: AXIS_COLOR }], width), ...Array.from({ length: height - 1 }, blank)];
  const fitting = Math.max(1, Math.floor((height - 1 - AXIS_ROWS) / MIN_ROWS));
  let legend = legendLines(picture, Math.min(fitting, picture.components.length), width);
  const room = height - legend.length - AXIS_ROWS;
  const shown = picture.components.slice(0, Math.max(1, Math.floor(room / MIN_ROWS)));
  // Fewer components fit under a two-line legend: say so.
  if (shown.length < Math.min(fitting, picture.components.length)) legend = legendLines(picture, shown.length, width);
  const rowsEach = Math.floor(room / shown.length);
  const plots = shown.map((component) => componentPlot(picture, component, rowsEach));
  const gutter = Math.min(Math.floor(width / 2), Math.max(...plots.map((plot) => plot.gutter)));
  const lines = plots.flatMap((plot) => plotLines(plot, width, gutter));
  const filler = Array.from({ length: room - lines.length }, blank);
  return [...legend, ...lines, ...filler, stepAxisLine(picture.steps, gutter, width)].map((line) => fitLine(line, width));
}

function nameOf(picture: TrajectoryPicture, component: number): string {
  return picture.stateNames[component] ?? `s${component + 1}`;
}

/**
 * The legend: a title, the target's and the uncontrolled run's line styles and each method in
 * its colour, on one line or two. Where the words do not fit, shorter ones are used (the title
 * goes first); what does not fit even then is left out, marked with …
 */
function legendLines(picture: TrajectoryPicture, shown: number, width: number): Line[] {
  const hidden = picture.components.length - shown;
  const wordings = [
    legendFields(picture, 'test sample 0', 'no control', `+${hidden} more`),
    legendFields(picture, 'sample 0', 'no ctrl', `+${hidden}`),
    legendFields(picture, '', 'no ctrl', `+${hidden}`),
  ].map((fields) => (hidden > 0 ? fields : fields.slice(0, -1)));
  const wrapped = wordings.map((fields) => fieldGroups(fields, width));
  const groups = wrapped.find((lines) => lines.length <= LEGEND_LINES) ?? clipGroups(wrapped.at(-1) ?? []);
  return groups.map((fields) => joinFields(fields, width));
}

function legendFields(picture: TrajectoryPicture, title: string, free: string, more: string): Line[] {
  const fields: Line[] = [];
  if (title) fields.push([{ text: title, bold: true }]);
  if (picture.target) fields.push([{ text: '┄ target', color: TARGET_COLOR }]);
  if (picture.uncontrolled) fields.push([{ text: `━ ${free}`, color: UNCONTROLLED_COLOR }]);
  for (const curve of picture.curves) fields.push([{ text: `━ ${curve.name}`, color: curve.color, bold: true }]);
  fields.push([{ text: more, color: AXIS_COLOR }]);
  return fields;
}

/** Fields grouped into lines of at most `width` (joined by spaces), a new line whenever the next field would not fit. */
function fieldGroups(fields: readonly Line[], width: number): Line[][] {
  const groups: Line[][] = [];
  let used = 0;
  for (const field of fields) {
    const length = lineText(field).length;
    const last = groups.at(-1);
    if (last && used + 1 + length <= width) {
      last.push(field);
      used += 1 + length;
    } else {
      groups.push([field]);
      used = length;
    }
  }
  return groups;
}

/** The first LEGEND_LINES - 1 groups, then every other field on the last line (where joinFields cuts them). */
function clipGroups(groups: readonly Line[][]): Line[][] {
  return [...groups.slice(0, LEGEND_LINES - 1), groups.slice(LEGEND_LINES - 1).flat()];
}

interface ComponentPlot {
  readonly name: string;
  readonly rows: number;
  readonly scale: Scale;
  /** Labels of the top and the bottom row: the scale's max and min. */
  readonly top: string;
  readonly bottom: string;
  readonly series: BrailleSeries[];
  /** Characters the labels and the name need left of the axis, the axis included. */
  readonly gutter: number;
  readonly steps: number;
}

function componentPlot(picture: TrajectoryPicture, component: number, rows: number): ComponentPlot {
  const series = componentSeries(picture, component);
  const { scale, top, bottom } = valueScale(series.flatMap((s) => s.points.map((p) => p.y)));
  const name = nameOf(picture, component);
  return { name, rows, scale, top, bottom, series, gutter: Math.max(name.length, top.length, bottom.length) + 1, steps: picture.steps };
}

/** The plot's rows: max tick on the first, min tick on the last, the component's name between. */
function plotLines(plot: ComponentPlot, width: number, gutter: number): Line[] {
  const x: Scale = { kind: 'linear', min: 0, max: Math.max(1, plot.steps) };
  const grid = brailleGrid({ width: width - gutter, height: plot.rows, x, y: plot.scale, series: plot.series });
  const middle = Math.floor((plot.rows - 1) / 2);
  return grid.map((row, r): Line => {
    const label = r === 0 ? plot.top : r === plot.rows - 1 ? plot.bottom : '';
    const text = label ? `${label.padStart(gutter - 1)}┤` : `${(r === middle ? plot.name.slice(0, gutter - 1) : '').padEnd(gutter - 1)}│`;
    return [{ text, color: AXIS_COLOR }, ...cellRuns(row)];
  });
}

/** The target line first, then the uncontrolled run, then every method's values of `component` against the step. */
function componentSeries(picture: TrajectoryPicture, component: number): BrailleSeries[] {
  const { steps, stateDim, target } = picture;
  const series: BrailleSeries[] = [];
  const goal = target?.[component];
  if (goal !== undefined) series.push({ color: TARGET_COLOR, dashed: true, points: [{ x: 0, y: goal }, { x: steps, y: goal }] });
  const values = (states: Float64Array) => Array.from({ length: steps + 1 }, (_, t) => ({ x: t, y: states[t * stateDim + component] ?? NaN }));
  if (picture.uncontrolled) series.push({ color: UNCONTROLLED_COLOR, points: values(picture.uncontrolled) });
  for (const curve of picture.curves) series.push({ color: curve.color, points: values(curve.states) });
  return series;
}

/** Spans below this are not split into ticks: their steps would be subnormal. */
const TINY = 1e-290;

/**
 * A linear scale over the finite values whose ends are nice round numbers (multiples of a
 * 1-2-2.5-5 step), so that the labels on the top and the bottom row say where those rows lie,
 * to a tenth of the step.
 */
export function valueScale(values: readonly number[]): { scale: Scale; step: number; top: string; bottom: string } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) [lo, hi] = [-1, 1];
  // A flat line (or one flatter than doubles resolve, or down in the subnormals): a range around it.
  if (hi - lo <= Math.max(1e-12 * Math.max(Math.abs(lo), Math.abs(hi)), TINY)) {
    const pad = Math.abs(lo) > TINY ? Math.abs(lo) * 0.5 : 1;
    [lo, hi] = [lo - pad, hi + pad];
  }
  const step = niceStep(lo, hi);
  // The slack keeps a value a rounding error past a multiple from adding a whole step; min/max keep it covered.
  const min = step === null ? lo : Math.min(lo, Math.floor(lo / step + 1e-9) * step);
  const max = step === null ? hi : Math.max(hi, Math.ceil(hi / step - 1e-9) * step);
  // A span too wide to measure: label to a thousandth of the magnitude.
  const precision = step ?? Math.max(Math.abs(lo), Math.abs(hi)) / 1e3;
  return { scale: { kind: 'linear', min, max }, step: precision, top: tickLabel(max, precision), bottom: tickLabel(min, precision) };
}

/**
 * The step of at most 6 nice ticks inside [lo, hi] (rounding out to it adds at most two steps,
 * about a third of the span), or null when the span is too wide for doubles to measure.
 */
function niceStep(lo: number, hi: number): number | null {
  if (!Number.isFinite(hi - lo)) return null;
  const [a, b] = niceTicks(lo, hi, 6);
  return a !== undefined && b !== undefined && b > a ? b - a : null;
}

/**
 * `value` within a tenth of `step`: with the decimals the step needs ("0.25", "-1", "1.5e-3"),
 * or with as many significant digits as that takes when the tick format rounds more (1000.00008).
 */
function tickLabel(value: number, step: number): string {
  const tolerance = step / 10;
  const plain = formatLinearTick(Math.abs(value) < tolerance ? 0 : value, step);
  if (Math.abs(Number(plain) - value) <= tolerance) return plain;
  for (let digits = 1; digits < 17; digits++) {
    const label = Number(value.toPrecision(digits)).toString().replace('e+', 'e');
    if (Math.abs(Number(label) - value) <= tolerance) return label;
  }
  return String(value);
}

function stepAxisLine(steps: number, gutter: number, width: number): Line {
  const span = width - gutter;
  const last = String(steps);
  const middle = 'step';
  const left = Math.max(0, Math.floor((span - middle.length) / 2) - 1);
  const right = Math.max(0, span - 1 - left - middle.length - last.length);
  return [{ text: `${' '.repeat(gutter)}0${' '.repeat(left)}${middle}${' '.repeat(right)}${last}`, color: AXIS_COLOR }];
}
