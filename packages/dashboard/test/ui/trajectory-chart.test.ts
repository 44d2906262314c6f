import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { trajectoryLines, valueScale } from '../../src/ui/trajectory-chart.js';
import type { TrajectoryCurve, TrajectoryPicture } from '../../src/ui/trajectory-chart.js';
import { lineText } from '../../src/ui/text-line.js';
import type { Line } from '../../src/ui/text-line.js';

/** Two components over 4 steps: under GD x goes 0→1 and v stays at 0.5; without control x stays at 0.5 and v at 0. */
function picture(components: readonly number[] = [0, 1], curves: readonly TrajectoryCurve[] = [gd]): TrajectoryPicture {
  return {
    steps: 4,
    stateDim: 2,
    stateNames: ['x', 'v'],
    components,
    target: new Float64Array([0, 0.5]),
    uncontrolled: new Float64Array([0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0]),
    curves,
  };
}

const gd: TrajectoryCurve = { name: 'GD', color: 'blue', states: new Float64Array([0, 0.5, 0.25, 0.5, 0.5, 0.5, 0.75, 0.5, 1, 0.5]) };
const hig: TrajectoryCurve = { name: 'HIG', color: 'green', states: new Float64Array([0, 0.5, 0.1, 0.4, 0.1, 0.3, 0.05, 0.2, 0, 0.5]) };
const sip: TrajectoryCurve = { name: 'SIP', color: 'yellow', states: gd.states };
const gn: TrajectoryCurve = { name: 'GN', color: 'red', states: hig.states };

/** The runs of a line that are not blank, as "text:colour". */
function legendRuns(line: Line): string[] {
  return line.filter((run) => run.text.trim() !== '').map((run) => `${run.text}:${run.color ?? ''}`);
}

describe('trajectoryLines', () => {
  it('fills exactly width × height with the legend, one plot per component with its range, and the step axis', () => {
    const text = trajectoryLines(picture(), 40, 12).map(lineText);
    expect(text).toHaveLength(12);
    for (const line of text) expect(line).toHaveLength(40);
    expect(text[0]).toBe('test sample 0 ┄ target ━ no control ━ GD');
    // x: 5 rows, its range 0 … 1 at the top and bottom rows, the name between.
    expect(text.slice(1, 6).map((line) => line.slice(0, 4))).toEqual(['1.0┤', '   │', 'x  │', '   │', '  0┤']);
    // v: 0 (no control) … 0.5 (GD and the target).
    expect(text.slice(6, 11).map((line) => line.slice(0, 4))).toEqual(['0.5┤', '   │', 'v  │', '   │', '  0┤']);
    expect(text.at(-1)).toMatch(/^ {4}0 +step +4 *$/);
  });

  it('names each method in its colour, the target and the uncontrolled run in the legend', () => {
    const lines = trajectoryLines(picture([0, 1], [gd, hig]), 60, 12);
    expect(legendRuns(lines[0] ?? [])).toEqual(['test sample 0:', '┄ target:white', '━ no control:gray', '━ GD:blue', '━ HIG:green']);
  });

  it('wraps the legend onto a second line, shortening the words (the title first) where that is not enough', () => {
    const four = [gd, sip, hig, gn];
    const legend = (width: number): string[] => trajectoryLines(picture([0, 1], four), width, 14).slice(0, 2).map((line) => lineText(line).trimEnd());
    expect(legend(28)).toEqual(['sample 0 ┄ target ━ no ctrl', '━ GD ━ SIP ━ HIG ━ GN']);
    expect(legend(24)).toEqual(['┄ target ━ no ctrl ━ GD', '━ SIP ━ HIG ━ GN']);
    // Too narrow for all of it on two lines: whole entries are left out, marked.
    expect(legend(18)).toEqual(['┄ target ━ no ctrl', '━ GD ━ SIP ━ HIG …']);
  });

  it('draws the curves in their colour and the target dashed', () => {
    // Only the plot rows (those with the axis): the legend has the same colours.
    const plot = trajectoryLines(picture([0]), 30, 8).filter((line) => /[│┤]/.test(lineText(line)));
    expect(plot).toHaveLength(5);
    const colors = new Set(plot.flatMap((line) => line.map((run) => run.color)));
    expect(colors).toContain('blue');
    expect(colors).toContain('white');
    expect(colors).toContain('gray');
    // x rises from the bottom left to the top right.
    expect(lineText(plot[0] ?? []).trimEnd().at(-1)).toMatch(/[\u2801-\u28ff]/);
    // The target x = 0 is the bottom of the range, drawn right of where the curve leaves it: a cell on, a cell off.
    const bottom = plot.at(-1) ?? [];
    const target = bottom.slice(bottom.findIndex((run) => run.color === 'white'));
    expect(lineText(target)).toMatch(/^(⣀ ){8,}$/);
    expect(target.every((run) => run.color === 'white' || run.text === ' ')).toBe(true);
  });

  it('shows as many components as fit and says how many are left out', () => {
    const text = trajectoryLines(picture([0, 1]), 30, 6).map(lineText);
    expect(text.slice(0, 2)).toEqual(['test sample 0 ┄ target'.padEnd(30), '━ no control ━ GD +1 more'.padEnd(30)]);
    expect(text.slice(2, 5).map((line) => line.slice(0, 4))).toEqual(['1.0┤', 'x  │', '  0┤']);
  });

  it('waits for the first evaluation without a picture', () => {
    const text = trajectoryLines(null, 30, 6).map(lineText);
    expect(text[0]).toMatch(/^trajectory: waiting/);
    expect(text).toHaveLength(6);
  });
});

describe('valueScale', () => {
  it('rounds the range out to nice numbers and labels its ends', () => {
    expect(valueScale([0.03, 0.97])).toEqual({ scale: { kind: 'linear', min: 0, max: 1 }, step: 0.2, top: '1.0', bottom: '0' });
    expect(valueScale([-1.3, 2.1])).toEqual({ scale: { kind: 'linear', min: -2, max: 3 }, step: 1, top: '3', bottom: '-2' });
    expect(valueScale([5, 5, Number.NaN])).toMatchObject({ top: '8', bottom: '2' });
    expect(valueScale([1e-100, 3e-100])).toMatchObject({ top: '3e-100', bottom: '1e-100' });
    expect(valueScale([1000.0001, 1000.0002])).toMatchObject({ top: '1000.000203', bottom: '1000.000083' });
    expect(valueScale([-1.7e308, 1.7e308])).toMatchObject({ top: '1.7e308', bottom: '-1.7e308' });
    expect(valueScale([])).toMatchObject({ top: '1.0', bottom: '-1.0' });
  });

  it('covers every finite value, with labels within a tenth of a step of its ends', () => {
    const value = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e-3, max: 1e-3, noNaN: true }), fc.constant(Number.NaN));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 30 }), (values) => {
        const { scale, step, top, bottom } = valueScale(values);
        const finite = values.filter(Number.isFinite);
        for (const v of finite) {
          expect(v).toBeGreaterThanOrEqual(scale.min);
          expect(v).toBeLessThanOrEqual(scale.max);
        }
        expect(Math.abs(Number(top) - scale.max)).toBeLessThanOrEqual(step / 10);
        expect(Math.abs(Number(bottom) - scale.min)).toBeLessThanOrEqual(step / 10);
        expect(Number(top)).toBeGreaterThan(Number(bottom));
        // Rounding out adds at most a step on either side (a flat line gets a range around it instead).
        const lo = Math.min(...finite);
        const hi = Math.max(...finite);
        if (hi - lo > Math.max(1e-9 * Math.max(Math.abs(lo), Math.abs(hi)), 1e-290)) expect(scale.max - scale.min).toBeLessThanOrEqual(hi - lo + 2 * step * (1 + 1e-9));
      }),
      { numRuns: 300 },
    );
  });
});
