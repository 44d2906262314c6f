import { formatLinearTick, formatLogTick } from './format-tick.js';
import { logMinorTicks, logTicks } from './log-ticks.js';
import { niceTicks } from './nice-ticks.js';
import { STYLE } from './plot-style.js';

export interface Tick {
  value: number;
  /** Empty for unlabelled (minor) ticks. */
  label: string;
}

/** Limits and ticks of one axis, in data units. */
export interface Axis {
  min: number;
  max: number;
  log: boolean;
  major: Tick[];
  minor: Tick[];
}

export interface AxisRequest {
  /** Finite data values (positive for a log axis). */
  values: number[];
  fixedMin?: number | undefined;
  fixedMax?: number | undefined;
  maxTicks: number;
  /** Ticks at whole numbers only (epochs); a linear axis then never ticks 0.5. */
  integer?: boolean;
}

/** Relative slack when deciding whether a tick lies on the axis. */
const SLACK = 1e-9;

/** Axis limits stay within ±1e300 (linear) or 1e-300 … 1e300 (log) so spans and ticks stay finite. */
const LINEAR_BOUND = 1e300;
const LOG_BOUND = 300;

/** Position of a value along the axis: 0 at min, 1 at max. */
export function axisFraction(axis: Axis, value: number): number {
  if (!axis.log) return (value - axis.min) / (axis.max - axis.min);
  const lo = Math.log10(axis.min);
  return (Math.log10(value) - lo) / (Math.log10(axis.max) - lo);
}

/** A linear axis: data range plus margins (or fixed limits) and nice ticks. */
export function linearAxis(request: AxisRequest): Axis {
  const [min, max] = limits(request.values, request.fixedMin, request.fixedMax, 0.5, LINEAR_BOUND);
  const values = request.integer ? integerTicks(min, max, request.maxTicks) : niceTicks(min, max, request.maxTicks);
  const step = values.length > 1 ? (values[1] ?? 0) - (values[0] ?? 0) : request.integer ? 1 : max - min;
  const major = values.map((value) => ({ value, label: formatLinearTick(value, step) }));
  return { min, max, log: false, major, minor: [] };
}

/** Nice ticks whose step is at least 1: where nice ones would be finer, every whole number in [min, max]. */
function integerTicks(min: number, max: number, maxTicks: number): number[] {
  const nice = niceTicks(min, max, maxTicks);
  if (nice.length < 2 || (nice[1] ?? 0) - (nice[0] ?? 0) >= 1) return nice.filter(Number.isInteger);
  const ticks: number[] = [];
  for (let k = Math.ceil(min); k <= max; k++) ticks.push(k);
  return ticks;
}

/**
 * A log axis: limits in decades, automatic limits widened to the covering decades when the
 * data spans less than two; when a fixed range still holds fewer than two decades the minor
 * ticks get labels so the axis stays readable.
 */
export function logAxis(request: AxisRequest): Axis {
  const logs = request.values.map((v) => Math.log10(v));
  const fixedLo = request.fixedMin === undefined ? undefined : Math.log10(request.fixedMin);
  const fixedHi = request.fixedMax === undefined ? undefined : Math.log10(request.fixedMax);
  let [lo, hi] = limits(logs.length > 0 ? logs : [-3, 0], fixedLo, fixedHi, 0.5, LOG_BOUND);
  const decades = logTicks(10 ** lo, 10 ** hi, request.maxTicks);
  if (fixedLo === undefined) lo = Math.min(lo, Math.log10(decades[0] ?? 10 ** lo));
  if (fixedHi === undefined) hi = Math.max(hi, Math.log10(decades[decades.length - 1] ?? 10 ** hi));
  const min = 10 ** lo;
  const max = 10 ** hi;
  const inside = (v: number): boolean => v >= min * (1 - SLACK) && v <= max * (1 + SLACK);
  const major = decades.filter(inside).map((value) => ({ value, label: formatLogTick(value) }));
  const labelMinor = major.length < 2;
  const minor = logMinorTicks(min, max, request.maxTicks)
    .filter((v) => inside(v) && !major.some((t) => t.value === v))
    .map((value) => ({ value, label: labelMinor ? formatLogTick(value) : '' }));
  return { min, max, log: true, major, minor };
}

/**
 * Axis limits: data extent widened by the margin on each automatic side, fixed limits as given,
 * all within ±bound. A degenerate (or unresolvably narrow) extent is widened by `halfWidth` (or 5 % of the value) first.
 */
function limits(
  values: number[], fixedMin: number | undefined, fixedMax: number | undefined, halfWidth: number, bound: number,
): [number, number] {
  let [lo, hi] = extent(values);
  // Spans below double resolution (e.g. 1 … 1 + 1e-15) cannot be ticked: treat them as one value.
  if (hi - lo <= 1e-9 * Math.max(Math.abs(lo), Math.abs(hi))) {
    const widen = Math.max(halfWidth, Math.abs(lo) * STYLE.margin);
    [lo, hi] = [lo - widen, hi + widen];
  }
  const span = hi - lo;
  let min = fixedMin ?? lo - STYLE.margin * span;
  let max = fixedMax ?? hi + STYLE.margin * span;
  // A single fixed limit beyond the data: keep the data span on the automatic side.
  if (min >= max && fixedMin === undefined) min = max - span;
  if (min >= max && fixedMax === undefined) max = min + span;
  return withinBound(min, max, bound);
}

/** Clamps both limits to ±bound, keeping a thousandth of the allowed range when they meet. */
function withinBound(min: number, max: number, bound: number): [number, number] {
  const lo = Math.min(Math.max(min, -bound), bound);
  const hi = Math.min(Math.max(max, -bound), bound);
  if (lo < hi) return [lo, hi];
  const width = 2e-3 * bound;
  return hi >= bound ? [bound - width, bound] : [lo, lo + width];
}

function extent(values: number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
