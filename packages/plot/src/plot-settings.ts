import type { PlotOptions, XAxis } from './plot-options.js';

/** PlotOptions with defaults filled in and checked. */
export interface PlotSettings {
  title: string;
  xAxis: XAxis;
  xLabel: string;
  yLabel: string;
  width: number;
  height: number;
  logY: boolean;
  xMin: number | undefined;
  xMax: number | undefined;
  yMin: number | undefined;
  yMax: number | undefined;
}

const X_LABELS: Readonly<Record<XAxis, string>> = { time: 'Training time [s]', epoch: 'Epoch' };
const MIN_WIDTH = 200;
const MIN_HEIGHT = 150;

/** Fills defaults and rejects sizes or limits that cannot be drawn, naming the offending option. */
export function plotSettings(options: PlotOptions): PlotSettings {
  const xAxis = options.xAxis ?? 'time';
  if (xAxis !== 'time' && xAxis !== 'epoch') throw new RangeError(`lossPlotSvg: options.xAxis must be 'time' or 'epoch', got ${String(xAxis)}`);
  const settings: PlotSettings = {
    title: options.title ?? '',
    xAxis,
    xLabel: options.xLabel ?? X_LABELS[xAxis],
    yLabel: options.yLabel ?? 'Loss',
    width: options.width ?? 800,
    height: options.height ?? 500,
    logY: options.logY ?? true,
    xMin: options.xMin,
    xMax: options.xMax,
    yMin: options.yMin,
    yMax: options.yMax,
  };
  checkSize('width', settings.width, MIN_WIDTH);
  checkSize('height', settings.height, MIN_HEIGHT);
  checkLimits('x', settings.xMin, settings.xMax, false);
  checkLimits('y', settings.yMin, settings.yMax, settings.logY);
  return settings;
}

function checkSize(name: string, value: number, least: number): void {
  if (!Number.isFinite(value) || value < least) {
    throw new RangeError(`lossPlotSvg: options.${name} must be a finite number ≥ ${least}, got ${value}`);
  }
}

function checkLimits(axis: string, min: number | undefined, max: number | undefined, log: boolean): void {
  for (const [name, value] of [[`${axis}Min`, min], [`${axis}Max`, max]] as const) {
    if (value === undefined) continue;
    if (!Number.isFinite(value)) throw new RangeError(`lossPlotSvg: options.${name} must be finite, got ${value}`);
    if (log && value <= 0) throw new RangeError(`lossPlotSvg: options.${name} must be positive on a log axis, got ${value}`);
  }
  if (min !== undefined && max !== undefined && min >= max) {
    throw new RangeError(`lossPlotSvg: options.${axis}Min (${min}) must be less than options.${axis}Max (${max})`);
  }
}
