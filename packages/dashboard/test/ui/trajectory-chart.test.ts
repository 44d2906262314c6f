import { describe, expect, it } from '@jest/globals';
import { trajectoryLines } from '../../src/ui/trajectory-chart.js';
import type { TrajectoryPicture } from '../../src/ui/trajectory-chart.js';
import { lineText } from '../../src/ui/text-line.js';

/** Two components over 4 steps: x goes 0→1, v stays at 0.5. */
function picture(components: readonly number[] = [0, 1]): TrajectoryPicture {
  const states = new Float64Array([0, 0.5, 0.25, 0.5, 0.5, 0.5, 0.75, 0.5, 1, 0.5]);
  return {
    steps: 4,
    stateDim: 2,
    stateNames: ['x', 'v'],
    components,
    target: new Float64Array([0, 0.5]),
    curves: [{ name: 'GD', color: 'blue', states }],
  };
}

describe('trajectoryLines', () => {
  it('fills exactly width × height with a title, one plot per component and the step axis', () => {
    const lines = trajectoryLines(picture(), 40, 12);
    const text = lines.map(lineText);
    expect(text).toHaveLength(12);
    for (const line of text) expect(line).toHaveLength(40);
    expect(text[0]).toMatch(/^test sample 0 ┄ target ━ no control/);
    expect(text[1]).toMatch(/^x│/);
    expect(text[6]).toMatch(/^v│/);
    expect(text.at(-1)).toMatch(/^ {2}0 +step +4 *$/);
  });

  it('draws the curves in their colour and the target dashed', () => {
    // Only the plot rows: the title's '┄ target' label has the target's colour too.
    const plot = trajectoryLines(picture([0]), 30, 8).slice(1, -1);
    const colors = new Set(plot.flatMap((line) => line.map((run) => run.color)));
    expect(colors).toContain('blue');
    expect(colors).toContain('white');
    // x rises from the bottom left to the top right.
    expect(lineText(plot[0] ?? []).trimEnd().at(-1)).toMatch(/[\u2801-\u28ff]/);
    // The target x = 0 lies on the bottom row, right of where the curve leaves it: a cell on, a cell off.
    const bottom = plot.at(-1) ?? [];
    const target = bottom.slice(bottom.findIndex((run) => run.color === 'white'));
    expect(lineText(target)).toMatch(/^(⠤ ){8,}$/);
    expect(target.every((run) => run.color === 'white' || run.text === ' ')).toBe(true);
  });

  it('shows as many components as fit and says how many are left out', () => {
    const text = trajectoryLines(picture([0, 1]), 30, 6).map(lineText);
    expect(text[0]).toBe('sample 0 ┄ target ━ no ctrl +1'.padEnd(30));
  });

  it('waits for the first evaluation without a picture', () => {
    const text = trajectoryLines(null, 30, 6).map(lineText);
    expect(text[0]).toMatch(/^trajectory: waiting/);
    expect(text).toHaveLength(6);
  });
});
