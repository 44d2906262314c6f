import type { Axis, Tick } from './axis.js';
import { escapeXml } from './escape-xml.js';
import { type Frame, xPixel, yPixel } from './frame.js';
import { STYLE } from './plot-style.js';
import { svgElement } from './svg-element.js';

/** Light grid lines behind the data: major ticks on both axes, minor ones on a log y axis. */
export function gridSvg(frame: Frame, x: Axis, y: Axis): string {
  const line = (color: string) => (x1: number, y1: number, x2: number, y2: number): string =>
    svgElement('line', { x1, y1, x2, y2, stroke: color, 'stroke-width': 1 });
  const minor = line(STYLE.gridMinor);
  const major = line(STYLE.gridMajor);
  const parts = [
    ...y.minor.map((t) => yPixel(frame, y, t.value)).map((py) => minor(frame.left, py, frame.right, py)),
    ...x.major.map((t) => xPixel(frame, x, t.value)).map((px) => major(px, frame.top, px, frame.bottom)),
    ...y.major.map((t) => yPixel(frame, y, t.value)).map((py) => major(frame.left, py, frame.right, py)),
  ];
  return svgElement('g', { class: 'grid', 'shape-rendering': 'crispEdges' }, parts.join(''));
}

/** Axes box, outward ticks and tick labels. */
export function spinesAndTicksSvg(frame: Frame, x: Axis, y: Axis): string {
  const box = svgElement('rect', {
    x: frame.left, y: frame.top, width: frame.right - frame.left, height: frame.bottom - frame.top,
    fill: 'none', stroke: STYLE.spine, 'stroke-width': 1,
  });
  const ticks = [
    ...x.major.map((t) => xTick(frame, x, t, STYLE.majorTick)),
    ...x.minor.map((t) => xTick(frame, x, t, STYLE.minorTick)),
    ...y.major.map((t) => yTick(frame, y, t, STYLE.majorTick)),
    ...y.minor.map((t) => yTick(frame, y, t, STYLE.minorTick)),
  ];
  return svgElement('g', { class: 'axes', 'shape-rendering': 'crispEdges' }, box + ticks.join(''));
}

function xTick(frame: Frame, axis: Axis, tick: Tick, length: number): string {
  const px = xPixel(frame, axis, tick.value);
  const mark = svgElement('line', { x1: px, y1: frame.bottom, x2: px, y2: frame.bottom + length, stroke: STYLE.spine });
  if (tick.label === '') return mark;
  const baseline = frame.bottom + STYLE.majorTick + STYLE.tickPad + STYLE.tickFont * 0.8;
  return mark + label(px, baseline, 'middle', tick.label);
}

function yTick(frame: Frame, axis: Axis, tick: Tick, length: number): string {
  const py = yPixel(frame, axis, tick.value);
  const mark = svgElement('line', { x1: frame.left - length, y1: py, x2: frame.left, y2: py, stroke: STYLE.spine });
  if (tick.label === '') return mark;
  const right = frame.left - STYLE.majorTick - STYLE.tickPad;
  return mark + label(right, py + STYLE.tickFont * 0.36, 'end', tick.label);
}

function label(x: number, y: number, anchor: string, text: string): string {
  return svgElement(
    'text',
    { x, y, 'text-anchor': anchor, 'font-size': STYLE.tickFont, fill: STYLE.text, class: 'tick-label' },
    escapeXml(text),
  );
}

/** Title above the axes and the two axis labels; `yLabelX` is the left edge of the rotated y label. */
export function labelsSvg(frame: Frame, texts: { title: string; xLabel: string; yLabel: string }, yLabelX: number, xLabelY: number): string {
  const middleX = (frame.left + frame.right) / 2;
  const middleY = (frame.top + frame.bottom) / 2;
  const parts: string[] = [];
  if (texts.title !== '') {
    const attrs = { x: middleX, y: frame.top - 12, 'text-anchor': 'middle', 'font-size': STYLE.titleFont, fill: STYLE.text, class: 'title' };
    parts.push(svgElement('text', attrs, escapeXml(texts.title)));
  }
  if (texts.xLabel !== '') {
    const attrs = { x: middleX, y: xLabelY, 'text-anchor': 'middle', 'font-size': STYLE.labelFont, fill: STYLE.text, class: 'x-label' };
    parts.push(svgElement('text', attrs, escapeXml(texts.xLabel)));
  }
  if (texts.yLabel !== '') {
    const baseline = yLabelX + STYLE.labelFont * 0.8;
    const attrs = {
      x: baseline, y: middleY, transform: `rotate(-90 ${baseline.toFixed(2)} ${middleY.toFixed(2)})`,
      'text-anchor': 'middle', 'font-size': STYLE.labelFont, fill: STYLE.text, class: 'y-label',
    };
    parts.push(svgElement('text', attrs, escapeXml(texts.yLabel)));
  }
  return parts.join('');
}
