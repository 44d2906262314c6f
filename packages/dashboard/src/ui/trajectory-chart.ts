import { brailleGrid, cellRuns } from './braille-chart.js';
import type { BrailleSeries, Scale } from './braille-chart.js';
import { AXIS_COLOR, TARGET_COLOR, UNCONTROLLED_COLOR } from './colors.js';
import { blankLine, fitLine, lineText } from './text-line.js';
import type { Line, Run } from './text-line.js';

/** The states [(steps+1)×stateDim] of one sample under one controller (or none). */
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
  /** Drawn in order, so later curves (the methods) win shared cells over the uncontrolled one. */
  readonly curves: readonly TrajectoryCurve[];
}

/** Smallest plot height per component, in rows. */
const MIN_ROWS = 3;
/** Title and step-axis rows. */
const CHROME_ROWS = 2;

/** One small line plot per shown component, as exactly `height` lines of exactly `width` characters. */
export function trajectoryLines(picture: TrajectoryPicture | null, width: number, height: number): Line[] {
  const blank = (): Line => blankLine(width);
  const room = height - CHROME_ROWS;
  if (room < MIN_ROWS || width < 12) return Array.from({ length: Math.max(0, height) }, blank);
  if (!picture) return [fitLine([{ text: 'trajectory: waiting for the first evaluation', color: AXIS_COLOR }], width), ...Array.from({ length: height - 1 }, blank)];
  const shown = picture.components.slice(0, Math.max(1, Math.floor(room / MIN_ROWS)));
  const rowsEach = Math.floor(room / shown.length);
  const gutter = Math.min(6, Math.max(...shown.map((c) => nameOf(picture, c).length))) + 1;
  const plots = shown.flatMap((component) => componentLines(picture, component, width, rowsEach, gutter));
  const filler = Array.from({ length: room - plots.length }, blank);
  const lines = [titleLine(picture, shown.length, width), ...plots, ...filler, stepAxisLine(picture.steps, gutter, width)];
  return lines.map((line) => fitLine(line, width));
}

function nameOf(picture: TrajectoryPicture, component: number): string {
  return picture.stateNames[component] ?? `s${component + 1}`;
}

/** The longest of a few wordings that fits: the legend matters more than the words around it. */
function titleLine(picture: TrajectoryPicture, shown: number, width: number): Line {
  const hidden = picture.components.length - shown;
  const wordings: [string, string, string][] = [
    ['test sample 0', 'no control', ` +${hidden} more`],
    ['sample 0', 'no ctrl', ` +${hidden}`],
    ['', 'no ctrl', ` +${hidden}`],
  ];
  const lines = wordings.map(([title, free, more]): Line => {
    const runs: Run[] = [];
    if (title) runs.push({ text: `${title} `, bold: true });
    if (picture.target) runs.push({ text: '┄ target ', color: TARGET_COLOR });
    runs.push({ text: `━ ${free}`, color: UNCONTROLLED_COLOR });
    if (hidden > 0) runs.push({ text: more, color: AXIS_COLOR });
    return runs;
  });
  return lines.find((line) => lineText(line).length <= width) ?? lines[lines.length - 1] ?? [];
}

function componentLines(picture: TrajectoryPicture, component: number, width: number, rows: number, gutter: number): Line[] {
  const series = componentSeries(picture, component);
  const x: Scale = { kind: 'linear', min: 0, max: Math.max(1, picture.steps) };
  const grid = brailleGrid({ width: width - gutter, height: rows, x, y: valueScale(series), series });
  const name = nameOf(picture, component).slice(0, gutter - 1);
  return grid.map((row, r): Line => [
    { text: `${(r === 0 ? name : '').padEnd(gutter - 1)}│`, color: AXIS_COLOR },
    ...cellRuns(row),
  ]);
}

/** The target line first, then every curve's values of `component` against the step. */
function componentSeries(picture: TrajectoryPicture, component: number): BrailleSeries[] {
  const { steps, stateDim, target } = picture;
  const series: BrailleSeries[] = [];
  const goal = target?.[component];
  if (goal !== undefined) {
    series.push({ color: TARGET_COLOR, dashed: true, points: [{ x: 0, y: goal }, { x: steps, y: goal }] });
  }
  for (const curve of picture.curves) {
    const points = Array.from({ length: steps + 1 }, (_, t) => ({ x: t, y: curve.states[t * stateDim + component] ?? NaN }));
    series.push({ color: curve.color, points });
  }
  return series;
}

/** The range of all drawn values with a little room above and below. */
function valueScale(series: readonly BrailleSeries[]): Scale {
  const values = series.flatMap((s) => s.points.map((p) => p.y)).filter(Number.isFinite);
  const lo = values.length ? Math.min(...values) : -1;
  const hi = values.length ? Math.max(...values) : 1;
  const pad = hi > lo ? (hi - lo) * 0.05 : Math.max(1, Math.abs(lo)) * 0.5;
  return { kind: 'linear', min: lo - pad, max: hi + pad };
}

function stepAxisLine(steps: number, gutter: number, width: number): Line {
  const span = width - gutter;
  const last = String(steps);
  const middle = 'step';
  const left = Math.max(0, Math.floor((span - middle.length) / 2) - 1);
  const right = Math.max(0, span - 1 - left - middle.length - last.length);
  return [{ text: `${' '.repeat(gutter)}0${' '.repeat(left)}${middle}${' '.repeat(right)}${last}`, color: AXIS_COLOR }];
}
