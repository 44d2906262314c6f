import { colorFor } from './color-for.js';
import { divergingColor, symmetricRange } from './diverging-color.js';
import { escapeXml } from './escape-xml.js';
import { STYLE } from './plot-style.js';
import { svgDocument } from './svg-document.js';
import { svgElement } from './svg-element.js';
import type { TrajectoryRun, TrajectorySample } from './trajectory-plot-svg.js';

export interface FieldPlotInput {
  /** Time steps of the horizon: every run holds steps + 1 states; the last is drawn. */
  readonly steps: number;
  readonly stateDim: number;
  /** The state's shape [rows, cols], row-major, rows·cols = stateDim. */
  readonly grid: readonly [number, number];
  /** One row of panels each: its target, its run without control, its run under each controller. */
  readonly samples: readonly TrajectorySample[];
}

export interface FieldPlotOptions {
  title?: string;
  /** Longest side of one map in px; default 150. */
  mapSize?: number;
}

const EDGE = 12;
const PANEL_TITLE = 20;
const GAP = 14;
const BAR_WIDTH = 14;
const BAR_STEPS = 24;
const TITLE_FONT = 12;

/**
 * The final fields of a few samples as heat maps in a standalone SVG document, for a state that
 * is a 2-D grid: one row of panels per sample (its target, its run without control, its run under
 * each controller), every map on one symmetric diverging scale (blue negative, white zero, red
 * positive) drawn as a colour bar at the right. Render it with `svgToPng`.
 */
export function fieldPlotSvg(input: FieldPlotInput, options: FieldPlotOptions = {}): string {
  checkInput(input);
  const [rows, cols] = input.grid;
  const mapSize = options.mapSize ?? 150;
  if (!Number.isFinite(mapSize) || mapSize < 20) throw new RangeError(`fieldPlotSvg: options.mapSize must be a finite number ≥ 20, got ${mapSize}`);
  const cell = mapSize / Math.max(rows, cols);
  const mapWidth = cell * cols, mapHeight = cell * rows;
  const panels = input.samples.map((sample) => panelsOf(input, sample));
  const columns = Math.max(...panels.map((p) => p.length));
  const scale = symmetricRange(panels.flat().map((p) => p.values));
  const title = options.title ?? '';
  const top = title === '' ? EDGE : EDGE + STYLE.titleFont + 14;
  const labelWidth = 8 * STYLE.tickFont * STYLE.charWidth;
  const width = 2 * EDGE + columns * (mapWidth + GAP) + BAR_WIDTH + labelWidth;
  const height = top + input.samples.length * (PANEL_TITLE + mapHeight + GAP) + EDGE;
  const parts: string[] = [];
  if (title !== '') parts.push(text(width / 2, EDGE + STYLE.titleFont, title, STYLE.titleFont, 'title'));
  panels.forEach((row, r) => {
    row.forEach((panel, c) => {
      const left = EDGE + c * (mapWidth + GAP);
      const y = top + r * (PANEL_TITLE + mapHeight + GAP);
      parts.push(text(left + mapWidth / 2, y + PANEL_TITLE - 6, `${input.samples[r].label} · ${panel.name}`, TITLE_FONT, 'panel-title', panel.color));
      parts.push(mapSvg(panel.values, rows, cols, cell, left, y + PANEL_TITLE, scale));
    });
  });
  parts.push(colourBar(EDGE + columns * (mapWidth + GAP), top + PANEL_TITLE, Math.max(60, mapHeight), scale));
  return svgDocument(width, height, parts);
}

interface FieldPanel {
  readonly name: string;
  readonly color: string;
  readonly values: ArrayLike<number>;
}

function panelsOf(input: FieldPlotInput, sample: TrajectorySample): FieldPanel[] {
  const n = input.stateDim;
  const last = (states: ArrayLike<number>) => Array.from({ length: n }, (_, i) => states[input.steps * n + i]);
  const panels: FieldPanel[] = [];
  if (sample.target) panels.push({ name: 'target', color: STYLE.text, values: sample.target });
  if (sample.uncontrolled) panels.push({ name: 'no control', color: STYLE.neutral, values: last(sample.uncontrolled) });
  sample.controlled.forEach((run, i) => panels.push({ name: run.name, color: run.color ?? colorFor(run.name, i), values: last(run.states) }));
  return panels;
}

/** One rect per grid cell, row 0 at the top; cells overlap by a hair so that no seams show. */
function mapSvg(values: ArrayLike<number>, rows: number, cols: number, cell: number, left: number, top: number, scale: number): string {
  const rects: string[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      rects.push(svgElement('rect', { x: left + c * cell, y: top + r * cell, width: cell + 0.3, height: cell + 0.3, fill: divergingColor(values[r * cols + c], scale) }));
    }
  }
  const frame = svgElement('rect', { x: left, y: top, width: cols * cell, height: rows * cell, fill: 'none', stroke: STYLE.spine, 'stroke-width': 0.8 });
  return svgElement('g', { class: 'field' }, rects.join('') + frame);
}

/** A vertical bar from +scale (top) to −scale (bottom) with the ends and zero labelled. */
function colourBar(left: number, top: number, height: number, scale: number): string {
  const step = height / BAR_STEPS;
  const parts: string[] = [];
  for (let i = 0; i < BAR_STEPS; i++) {
    const v = scale * (1 - (2 * (i + 0.5)) / BAR_STEPS);
    parts.push(svgElement('rect', { x: left, y: top + i * step, width: BAR_WIDTH, height: step + 0.3, fill: divergingColor(v, scale) }));
  }
  parts.push(svgElement('rect', { x: left, y: top, width: BAR_WIDTH, height, fill: 'none', stroke: STYLE.spine, 'stroke-width': 0.8 }));
  const label = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-2 ? v.toExponential(1) : v.toPrecision(2));
  for (const [v, y] of [[scale, top + 4], [0, top + height / 2 + 4], [-scale, top + height + 4]] as const) {
    parts.push(svgElement('text', { x: left + BAR_WIDTH + 4, y, 'font-size': STYLE.tickFont, fill: STYLE.text, class: 'bar-label' }, escapeXml(label(v))));
  }
  return svgElement('g', { class: 'colour-bar' }, parts.join(''));
}

function text(x: number, y: number, content: string, fontSize: number, cls: string, fill: string = STYLE.text): string {
  return svgElement('text', { x, y, 'text-anchor': 'middle', 'font-size': fontSize, fill, class: cls }, escapeXml(content));
}

/** Every size checked before anything is drawn; errors name the argument, what was expected and what was received. */
function checkInput(input: FieldPlotInput): void {
  const where = 'fieldPlotSvg: input';
  if (typeof input !== 'object' || input === null) throw new TypeError(`${where} must be an object`);
  const { steps, stateDim, grid, samples } = input;
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`${where}.steps must be a positive integer, got ${steps}`);
  if (!Array.isArray(grid) || grid.length !== 2 || !grid.every((d) => Number.isInteger(d) && d > 0) || grid[0] * grid[1] !== stateDim) {
    throw new RangeError(`${where}.grid must be [rows, cols] with rows·cols = stateDim ${stateDim}, got ${JSON.stringify(grid)}`);
  }
  if (!Array.isArray(samples) || samples.length === 0) throw new RangeError(`${where}.samples must hold at least one sample`);
  const states = (steps + 1) * stateDim;
  samples.forEach((sample, s) => {
    const at = `${where}.samples[${s}]`;
    if (sample.target !== null && sample.target.length !== stateDim) throw new RangeError(`${at}.target must have length stateDim=${stateDim}, got ${sample.target.length}`);
    if (sample.uncontrolled !== null && sample.uncontrolled.length !== states) throw new RangeError(`${at}.uncontrolled must have length (steps+1)·stateDim=${states}, got ${sample.uncontrolled.length}`);
    if (!Array.isArray(sample.controlled)) throw new TypeError(`${at}.controlled must be an array`);
    sample.controlled.forEach((run: TrajectoryRun, r: number) => {
      if (run.states.length !== states) throw new RangeError(`${at}.controlled[${r}].states must have length (steps+1)·stateDim=${states}, got ${run.states.length}`);
    });
  });
}
