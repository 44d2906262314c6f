export interface PlotPoint {
  x: number;
  y: number;
}

/**
 * Splits a curve into runs of drawable points: a point with non-finite coordinates, or a
 * non-positive y on a log axis, ends the current run so the line shows a gap there.
 */
export function seriesSegments(points: readonly PlotPoint[], logY: boolean): PlotPoint[][] {
  const segments: PlotPoint[][] = [];
  let current: PlotPoint[] = [];
  for (const point of points) {
    if (drawable(point, logY)) {
      current.push({ x: point.x, y: point.y });
    } else if (current.length > 0) {
      segments.push(current);
      current = [];
    }
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

function drawable(point: PlotPoint, logY: boolean): boolean {
  return Number.isFinite(point.x) && Number.isFinite(point.y) && (!logY || point.y > 0);
}
