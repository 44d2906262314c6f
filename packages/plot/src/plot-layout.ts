import { type Axis, linearAxis, logAxis } from './axis.js';
import { labelsSvg } from './axes-svg.js';
import { escapeXml } from './escape-xml.js';
import type { Frame } from './frame.js';
import type { PlotSettings } from './plot-settings.js';
import { STYLE, textWidth } from './plot-style.js';
import { svgElement } from './svg-element.js';

/** Space right of the axes for the half of the last x tick label. */
const RIGHT_MARGIN = 28;
/** Outer padding around the axis labels and title. */
const EDGE = 12;

/** The axes of a figure of curves and where they go: the frame leaves room for title, labels and ticks. */
export interface PlotLayout {
  frame: Frame;
  x: Axis;
  y: Axis;
}

/** Lays out a figure for the given x and y values (log y when the settings say so; integer x ticks for epochs). */
export function plotLayout(settings: PlotSettings, xs: readonly number[], ys: readonly number[], integerX = false): PlotLayout {
  const top = settings.title === '' ? 20 : EDGE + STYLE.titleFont + 16;
  const bottom = settings.height - (STYLE.majorTick + STYLE.tickPad + STYLE.tickFont + 10 + STYLE.labelFont + EDGE);
  const yRequest = { values: [...ys], fixedMin: settings.yMin, fixedMax: settings.yMax, maxTicks: tickBudget(bottom - top, 30, 12) };
  const y = settings.logY ? logAxis(yRequest) : linearAxis(yRequest);
  const left = leftMargin(y, settings.yLabel);
  const x = linearAxis({
    values: [...xs], fixedMin: settings.xMin, fixedMax: settings.xMax,
    maxTicks: tickBudget(settings.width - RIGHT_MARGIN - left, 80, 10), integer: integerX,
  });
  return { frame: { left, top, right: settings.width - RIGHT_MARGIN, bottom }, x, y };
}

/** The title and axis labels around the frame. */
export function plotLabelsSvg(frame: Frame, settings: PlotSettings): string {
  return labelsSvg(frame, settings, EDGE, settings.height - EDGE - 2);
}

/** "no data" in the middle of an empty frame. */
export function noDataSvg(frame: Frame): string {
  const attrs = {
    x: (frame.left + frame.right) / 2, y: (frame.top + frame.bottom) / 2, 'text-anchor': 'middle',
    'font-size': STYLE.labelFont, fill: '#999999', class: 'no-data',
  };
  return svgElement('text', attrs, escapeXml('no data'));
}

/** How many labelled ticks fit along `length` px at `spacing` px apart, between 3 and `most`. */
function tickBudget(length: number, spacing: number, most: number): number {
  return Math.min(most, Math.max(3, Math.floor(length / spacing)));
}

/** Room for the rotated y label, the widest y tick label and the ticks. */
function leftMargin(y: Axis, yLabel: string): number {
  const labels = [...y.major, ...y.minor].map((t) => textWidth(t.label, STYLE.tickFont));
  const labelRoom = yLabel === '' ? 0 : STYLE.labelFont + 10;
  return EDGE + labelRoom + Math.max(0, ...labels) + STYLE.tickPad + STYLE.majorTick + 2;
}
