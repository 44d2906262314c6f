import { colorFor, formatLinearTick, formatLogTick, logTicks, niceTicks } from '@hig-lab/plot';
import type { MethodSnapshot } from '@hig-lab/optimizers-gd-sip-hig';
import { brailleGrid, cellRuns, columnOf, rowOf } from './braille-chart.js';
import type { Point, Scale } from './braille-chart.js';
import { AXIS_COLOR } from './colors.js';
import { blankLine, fitLine } from './text-line.js';
import type { Line, Run } from './text-line.js';

/** One method's train loss against its training time. */
export interface LossCurve {
  readonly name: string;
  readonly color: string;
  readonly points: readonly Point[];
  readonly visible: boolean;
}

/** Title, plot rows, the x axis line and its labels. */
const CHROME_ROWS = 3;

export function lossCurves(methods: readonly MethodSnapshot[]): LossCurve[] {
  return methods.map((method, i) => ({
    name: method.name,
    color: colorFor(method.name, i),
    points: method.epochs.map((record) => ({ x: record.time, y: record.trainLoss })),
    visible: method.enabled,
  }));
}

/** The loss plot as exactly `height` lines of exactly `width` characters. */
export function lossChartLines(curves: readonly LossCurve[], width: number, height: number): Line[] {
  const plotRows = height - CHROME_ROWS;
  if (plotRows < 2 || width < 16) return Array.from({ length: Math.max(0, height) }, () => blankLine(width));
  const visible = curves.filter((c) => c.visible);
  const y = lossScale(visible);
  const yTicks = logTicks(y.min, y.max, Math.max(3, Math.min(10, Math.floor(plotRows / 2) + 1)));
  const gutter = Math.max(...yTicks.map((t) => formatLogTick(t).length)) + 1;
  const plotWidth = width - gutter;
  const { scale: x, ticks: xTicks } = timeAxis(visible, plotWidth);
  const grid = brailleGrid({ width: plotWidth, height: plotRows, x, y, series: visible });
  const labels = rowLabels(y, yTicks, plotRows);
  const rows = grid.map((row, r): Line => [gutterRun(labels.get(r), gutter), ...cellRuns(row)]);
  const lines = [legendLine(visible), ...rows, axisLine(x, xTicks, gutter, plotWidth), tickLabelLine(x, xTicks, gutter, plotWidth)];
  return lines.map((line) => fitLine(line, width));
}

/** Decades a double holds: 1e-323 (subnormal) … 1e308. */
const LOWEST_DECADE = -323;
const HIGHEST_DECADE = 308;

/** Whole decades around the visible losses (1e-4…1e0 before there are any), within those a double holds. */
export function lossScale(curves: readonly LossCurve[]): Scale {
  const losses = extent(curves, 'y', (v) => v > 0 && Number.isFinite(v));
  if (!losses) return { kind: 'log', min: 1e-4, max: 1 };
  const lo = Math.min(HIGHEST_DECADE - 1, Math.max(LOWEST_DECADE, Math.floor(Math.log10(losses.min))));
  const hi = Math.min(HIGHEST_DECADE, Math.max(lo + 1, Math.ceil(Math.log10(losses.max))));
  return { kind: 'log', min: Number(`1e${lo}`), max: Number(`1e${hi}`) };
}

/** [0, t] with t rounded up to a tick, so the frame moves in steps rather than every frame. */
function timeAxis(curves: readonly LossCurve[], plotWidth: number): { scale: Scale; ticks: number[] } {
  const latest = Math.max(0, extent(curves, 'x', Number.isFinite)?.max ?? 0);
  const count = Math.max(2, Math.floor(plotWidth / 8));
  const first = niceTicks(0, latest > 0 ? latest : 1, count);
  const step = (first[1] ?? 1) - (first[0] ?? 0);
  const max = Math.max(step, Math.ceil(latest / step - 1e-9) * step);
  return { scale: { kind: 'linear', min: 0, max }, ticks: niceTicks(0, max, count) };
}

/**
 * Smallest and largest of the points' `axis` values that pass `keep`, or null when none do. A
 * loop: long runs have more points than Math.min(...spread) may take as arguments.
 */
function extent(curves: readonly LossCurve[], axis: keyof Point, keep: (value: number) => boolean): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const curve of curves) {
    for (const point of curve.points) {
      const value = point[axis];
      if (!keep(value)) continue;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  return min <= max ? { min, max } : null;
}

/** Decade labels by row; where two decades share a row the first one stays. */
function rowLabels(y: Scale, ticks: readonly number[], rows: number): Map<number, string> {
  const labels = new Map<number, string>();
  for (const tick of [...ticks].reverse()) {
    const row = rowOf(y, tick, rows);
    if (row !== null && !labels.has(row)) labels.set(row, formatLogTick(tick));
  }
  return labels;
}

function gutterRun(label: string | undefined, gutter: number): Run {
  const text = label === undefined ? `${' '.repeat(gutter - 1)}│` : `${label.padStart(gutter - 1)}┤`;
  return { text, color: AXIS_COLOR };
}

function legendLine(visible: readonly LossCurve[]): Line {
  const title: Run = { text: 'train loss vs time [s]', bold: true };
  if (visible.length === 0) return [title, { text: ' all methods off', color: AXIS_COLOR }];
  return [title, ...visible.flatMap((c): Run[] => [{ text: ' ━', color: c.color }, { text: ` ${c.name}`, color: c.color, bold: true }])];
}

function axisLine(x: Scale, ticks: readonly number[], gutter: number, plotWidth: number): Line {
  const chars = new Array<string>(plotWidth).fill('─');
  for (const tick of ticks) {
    const column = columnOf(x, tick, plotWidth);
    if (column !== null) chars[column] = '┴';
  }
  return [{ text: `${' '.repeat(gutter - 1)}└${chars.join('')}`, color: AXIS_COLOR }];
}

/** Tick labels centred under their ticks; labels that would overlap the previous one are left out. */
function tickLabelLine(x: Scale, ticks: readonly number[], gutter: number, plotWidth: number): Line {
  const width = gutter + plotWidth;
  const chars = new Array<string>(width).fill(' ');
  const step = ticks.length > 1 ? (ticks[1] ?? 1) - (ticks[0] ?? 0) : 1;
  let free = 0;
  for (const tick of ticks) {
    const column = columnOf(x, tick, plotWidth);
    if (column === null) continue;
    const label = formatLinearTick(tick, step);
    const start = Math.min(width - label.length, Math.max(0, gutter + column - Math.floor(label.length / 2)));
    if (start < free) continue;
    for (let i = 0; i < label.length; i++) chars[start + i] = label[i] ?? ' ';
    free = start + label.length + 1;
  }
  return [{ text: chars.join(''), color: AXIS_COLOR }];
}
