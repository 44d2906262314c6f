import type { Axis } from './axis.js';
import { type Frame, xPixel, yPixel } from './frame.js';
import { STYLE } from './plot-style.js';
import type { PlotPoint } from './series-segments.js';
import { px, svgElement } from './svg-element.js';

/** A curve reduced to what is drawn: runs of drawable points (see seriesSegments). */
export interface Curve {
  name: string;
  color: string;
  segments: PlotPoint[][];
  /** stroke-dasharray (STYLE.dashed, STYLE.dotted); solid when absent. */
  dash?: string | undefined;
  /** Line width; STYLE.lineWidth when absent. */
  width?: number | undefined;
}

/**
 * One path per curve with data, clipped to the axes (`clipId` must be unique in the document);
 * isolated points of solid curves get a dot. Drawn in order: later curves lie on top.
 */
export function curvesSvg(frame: Frame, x: Axis, y: Axis, curves: readonly Curve[], clipId: string): string {
  const toPx = (p: PlotPoint): string => `${px(xPixel(frame, x, p.x))} ${px(yPixel(frame, y, p.y))}`;
  const drawn = curves.filter((c) => c.segments.length > 0).map((curve) => {
    const d = curve.segments.map((seg) => seg.map((p, i) => `${i === 0 ? 'M' : 'L'}${toPx(p)}`).join('')).join('');
    const path = svgElement('path', {
      d, fill: 'none', stroke: curve.color, 'stroke-width': curve.width ?? STYLE.lineWidth,
      'stroke-linejoin': 'round', 'stroke-linecap': 'round', ...(curve.dash ? { 'stroke-dasharray': curve.dash } : {}), class: 'series',
    });
    const dots = curve.dash ? [] : curve.segments.filter((seg) => seg.length === 1).flat().map((p) =>
      svgElement('circle', { cx: xPixel(frame, x, p.x), cy: yPixel(frame, y, p.y), r: STYLE.markerRadius, fill: curve.color }));
    return path + dots.join('');
  });
  const clip = svgElement('clipPath', { id: clipId }, svgElement('rect', {
    x: frame.left, y: frame.top, width: frame.right - frame.left, height: frame.bottom - frame.top,
  }));
  return svgElement('defs', {}, clip) + svgElement('g', { 'clip-path': `url(#${clipId})` }, drawn.join(''));
}
