import { describe, expect, it } from '@jest/globals';
import { Resvg } from '@resvg/resvg-js';
import fc from 'fast-check';
import { trajectoryPlotSvg } from '../src/trajectory-plot-svg.js';
import type { TrajectoryPlotInput, TrajectorySample } from '../src/trajectory-plot-svg.js';
import { xmlProblems } from './well-formed.js';

/** Three state components (not the built-ins' even split), 5 steps, state k at step t: (k + 1)·cos(t + s). */
const STEPS = 5;
const DIM = 3;

function states(f: (t: number, k: number) => number): Float64Array {
  const out = new Float64Array((STEPS + 1) * DIM);
  for (let t = 0; t <= STEPS; t++) for (let k = 0; k < DIM; k++) out[t * DIM + k] = f(t, k);
  return out;
}

function sample(s: number): TrajectorySample {
  return {
    label: `test sample ${s}`,
    target: [1, 2, 3],
    uncontrolled: states((t, k) => (k + 1) * Math.cos(t + s)),
    controlled: [
      { name: 'GD', states: states((t, k) => (k + 1) * (1 - t / 10)) },
      { name: 'HIG', states: states((t, k) => k + 1 + 0.01 * t) },
    ],
  };
}

const input: TrajectoryPlotInput = { steps: STEPS, dt: 0.5, stateDim: DIM, stateNames: ['p', 'q', 'r'], components: [0, 2], samples: [0, 1, 2].map(sample) };

const paths = (svg: string): string[] => svg.match(/<path [^>]*class="series"[^>]*\/>/g) ?? [];
const texts = (svg: string, cls: string): string[] =>
  [...svg.matchAll(new RegExp(`<text [^>]*class="${cls}"[^>]*>([^<]*)</text>`, 'g'))].map((m) => m[1] ?? '');
const legend = (svg: string): string => svg.match(/<g class="legend">.*<\/g>/)?.[0] ?? '';

describe('trajectoryPlotSvg', () => {
  const svg = trajectoryPlotSvg(input, { title: 'Three states' });

  it('writes a well-formed SVG with one titled panel per sample and drawn component', () => {
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.match(/<g class="panel">/g)).toHaveLength(6);
    expect(texts(svg, 'panel-title')).toEqual([
      'test sample 0 · p', 'test sample 0 · r', 'test sample 1 · p', 'test sample 1 · r', 'test sample 2 · p', 'test sample 2 · r',
    ]);
    expect(texts(svg, 'title')).toEqual(['Three states']);
    expect(texts(svg, 'x-label')).toEqual(['Time']);
    // Every clip path is its own.
    const clips = [...svg.matchAll(/<clipPath id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(clips).size).toBe(6);
  });

  it('draws per panel the target dotted, no control grey and each method in its colour', () => {
    const drawn = paths(svg);
    expect(drawn).toHaveLength(6 * 4);
    const panel = drawn.slice(0, 4);
    expect(panel[0]).toMatch(/stroke="#1a1a1a"[^>]*stroke-dasharray="0.1 4"/);
    expect(panel[1]).toContain('stroke="#7f7f7f"');
    expect(panel[2]).toContain('stroke="#1f77b4"');
    expect(panel[3]).toContain('stroke="#2ca02c"');
    // The target of component r (= 3) is a horizontal line.
    const target = /d="M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)"/.exec(drawn[4] ?? '');
    expect(target?.[2]).toBe(target?.[4]);
  });

  it('has one legend naming the methods, no control and the dotted target', () => {
    const names = [...legend(svg).matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(names).toEqual(['GD', 'HIG', 'no control', 'target']);
    expect(legend(svg).match(/<line [^>]*\/>/g)?.at(-1)).toContain('stroke-dasharray');
  });

  it('labels the x axis with steps at whole numbers when there is no dt', () => {
    const steps = trajectoryPlotSvg({ ...input, dt: undefined, samples: [sample(0)] });
    expect(texts(steps, 'x-label')).toEqual(['Step']);
    const xLabels = [...steps.matchAll(/<text [^>]*text-anchor="middle"[^>]*class="tick-label"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(xLabels.length).toBeGreaterThan(1);
    for (const label of xLabels) expect(Number.isInteger(Number(label))).toBe(true);
  });

  it('leaves out what a sample does not have: no target, no uncontrolled run', () => {
    const bare = trajectoryPlotSvg({ ...input, samples: [{ ...sample(0), target: null, uncontrolled: null }] });
    expect(paths(bare)).toHaveLength(2 * 2);
    expect(legend(bare)).not.toContain('target');
    expect(legend(bare)).not.toContain('no control');
  });

  it('renders with resvg at the size it declares', () => {
    const width = Number(/<svg [^>]*width="([\d.]+)"/.exec(svg)?.[1]);
    const height = Number(/<svg [^>]*height="([\d.]+)"/.exec(svg)?.[1]);
    const image = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
    expect([image.width, image.height]).toEqual([Math.round(width), Math.round(height)]);
  });

  it('stays well-formed with finite coordinates for any values, non-finite ones breaking the lines', () => {
    const value = fc.oneof(fc.double(), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
    const run = fc.array(value, { minLength: (STEPS + 1) * DIM, maxLength: (STEPS + 1) * DIM }).map((v) => Float64Array.from(v));
    fc.assert(
      fc.property(run, run, fc.array(value, { minLength: DIM, maxLength: DIM }), (controlled, uncontrolled, target) => {
        const out = trajectoryPlotSvg({ ...input, samples: [{ label: '<s> & "t"', target, uncontrolled, controlled: [{ name: 'SIP', states: controlled }] }] });
        expect(xmlProblems(out)).toEqual([]);
        expect(/NaN|Infinity/.test(out.replace(/<text [^>]*>[^<]*<\/text>/g, ''))).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects inputs whose sizes do not fit, naming the argument', () => {
    const bad = (change: Partial<TrajectoryPlotInput>) => () => trajectoryPlotSvg({ ...input, ...change });
    expect(bad({ steps: 0 })).toThrow('trajectoryPlotSvg: input.steps must be a positive integer, got 0');
    expect(bad({ components: [3] })).toThrow('trajectoryPlotSvg: input.components must be indices below stateDim=3, got 3');
    expect(bad({ components: [] })).toThrow(RangeError);
    expect(bad({ dt: -1 })).toThrow('trajectoryPlotSvg: input.dt must be positive and finite, got -1');
    expect(bad({ samples: [{ ...sample(0), target: [1, 2] }] })).toThrow('trajectoryPlotSvg: input.samples[0].target must have length stateDim=3, got 2');
    const short = { ...sample(0), controlled: [{ name: 'GD', states: new Float64Array(17) }] };
    expect(bad({ samples: [sample(0), short] })).toThrow('trajectoryPlotSvg: input.samples[1].controlled[0].states must have length (steps+1)·stateDim=18, got 17');
    expect(() => trajectoryPlotSvg(input, { panelWidth: 10 })).toThrow(/trajectoryPlotSvg: options.panelWidth/);
  });
});
