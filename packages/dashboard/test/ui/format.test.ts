import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ActiveClock } from '../../src/ui/active-clock.js';
import { fit, formatClock, formatHyper, formatLoss, formatParams, formatSeconds, formatValue, wrapFields } from '../../src/ui/format.js';
import { progressBar } from '../../src/ui/progress-bar.js';
import { fitLine, joinFields, lineText } from '../../src/ui/text-line.js';

describe('format', () => {
  it('writes losses in one exponent style', () => {
    expect([1.234e-4, 0.35, 12, 1].map(formatLoss)).toEqual(['1.2e-4', '3.5e-1', '1.2e1', '1.0e0']);
    expect([null, undefined, Number.NaN, Infinity].map(formatLoss)).toEqual(['–', '–', '–', '–']);
  });

  it('writes seconds in at most five characters', () => {
    expect([0, 2.14, 14.4, 123, 1234, 7200].map(formatSeconds)).toEqual(['0.0s', '2.1s', '14s', '123s', '21m', '2.0h']);
    expect(formatSeconds(null)).toBe('–');
  });

  it('writes clocks, parameter values and hyperparameters compactly', () => {
    expect([7, 723, 3723].map(formatClock)).toEqual(['0:07', '12:03', '1:02:03']);
    expect([0.2, 24, 1e-3, 0.05, 2.5e-10, 0, 123456].map(formatValue)).toEqual(['0.2', '24', '1e-3', '5e-2', '2.5e-10', '0', '1.235e5']);
    expect(formatParams({ n: 2, k: 0.2, alpha: 0 })).toBe('n=2 k=0.2 alpha=0');
    expect(formatHyper({ batchSize: 32, learningRate: 1, rcond: 1e-10, beta: 0.5 })).toBe('B=32 lr=1 rc=1e-10 β=0.5');
    expect(formatHyper({ batchSize: 256, learningRate: 1e-3 })).toBe('B=256 lr=1e-3');
  });

  it('fits text to a width', () => {
    expect(fit('abc', 5)).toBe('abc  ');
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('abc', 0)).toBe('');
    expect(fit('abc', 1)).toBe('…');
  });

  it('marks cut text with … and drops a whole field rather than cutting a number', () => {
    expect(fit('B=256 lr=1e-3 rc=1e-5', 19)).toBe('B=256 lr=1e-3 …    ');
    expect(fit('2 oscillators, k=0.2, alpha=0, Nt=24, DT=0.5', 30)).toBe('2 oscillators, k=0.2, …       ');
    // Only blanks lost: nothing to mark.
    expect(fit('B=32 lr=1      ', 10)).toBe('B=32 lr=1 ');
    // Whole words would keep less than half: a long path is cut inside.
    expect(fit('saved to /tmp/a/rather/long/folder/name', 24)).toBe('saved to /tmp/a/rather/…');
  });
});

/** Fields like "rc=1e-5" of formatted numbers, and a width at least 2·(longest field) + 6. */
const fieldsAndWidth = fc
  .array(fc.tuple(fc.constantFrom('B', 'lr', 'rc', 'β', 'k', 'alpha'), fc.double({ min: -1e300, max: 1e300, noNaN: true })), { minLength: 1, maxLength: 8 })
  .map((pairs) => pairs.map(([name, value]) => `${name}=${formatValue(value)}`))
  .chain((fields) => fc.tuple(fc.constant(fields), fc.integer({ min: 2 * Math.max(...fields.map((f) => f.length)) + 6, max: 80 })));

describe('cutting lines', () => {
  it('fitLine keeps the width and, when it cuts, ends in … and keeps every field whole', () => {
    fc.assert(
      fc.property(fieldsAndWidth, ([fields, width]) => {
        const text = fields.join(' ');
        const out = lineText(fitLine([{ text: text.slice(0, 5), color: 'red' }, { text: text.slice(5) }], width));
        expect(out).toHaveLength(width);
        if (text.length <= width) return expect(out.trimEnd()).toBe(text);
        expect(out.trimEnd().endsWith(' …')).toBe(true);
        const kept = out.trimEnd().slice(0, -2).split(' ');
        expect(kept).toEqual(fields.slice(0, kept.length));
      }),
      { numRuns: 200 },
    );
  });

  it('joinFields drops whole fields (a label and its number) and marks the cut', () => {
    const fields = [[{ text: 'tr ' }, { text: '1.0e-100' }], [{ text: 'te ' }, { text: '1.0e100' }]];
    expect(lineText(joinFields(fields, 30))).toBe('tr 1.0e-100 te 1.0e100');
    expect(lineText(joinFields(fields, 21))).toBe('tr 1.0e-100 …');
  });

  it('wrapFields puts every field whole on at most maxLines lines of the width', () => {
    fc.assert(
      fc.property(fieldsAndWidth, fc.integer({ min: 1, max: 3 }), ([fields, width], maxLines) => {
        const lines = wrapFields(fields, width, maxLines);
        expect(lines.length).toBeLessThanOrEqual(maxLines);
        for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
        const shown = lines.join(' ').split(' ').filter((token) => token !== '…');
        expect(shown).toEqual(fields.slice(0, shown.length));
        if (fields.join(' ').length <= width) expect(lines).toEqual([fields.join(' ')]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('progressBar', () => {
  it('fills in eighths of a cell and keeps its width', () => {
    expect(progressBar(0, 4)).toBe('····');
    expect(progressBar(0.5, 4)).toBe('██··');
    expect(progressBar(1 / 16, 4)).toBe('▎···');
    expect(progressBar(1, 4)).toBe('████');
    expect(progressBar(2, 3)).toBe('███');
    expect(progressBar(Number.NaN, 3)).toBe('···');
  });
});

describe('ActiveClock', () => {
  it('counts only unpaused time', () => {
    let now = 0;
    const clock = new ActiveClock(() => now);
    now = 2000;
    clock.setRunning(false);
    now = 5000;
    expect(clock.seconds).toBe(2);
    clock.setRunning(true);
    now = 6000;
    expect(clock.seconds).toBe(3);
    expect(clock.running).toBe(true);
  });
});
