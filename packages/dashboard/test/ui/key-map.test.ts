import { describe, expect, it } from '@jest/globals';
import { commandFor, keyPresses } from '../../src/ui/key-map.js';
import type { KeyPress } from '../../src/ui/key-map.js';
import { computeLayout } from '../../src/ui/layout.js';

const none: KeyPress = { ctrl: false, escape: false, return: false, upArrow: false, downArrow: false };

describe('commandFor', () => {
  it('maps the main keys', () => {
    expect(commandFor(' ', none, 'main')).toEqual({ type: 'pause' });
    expect(commandFor('3', none, 'main')).toEqual({ type: 'toggle', index: 2 });
    expect(commandFor('5', none, 'main')).toBeNull();
    expect(['e', 'r', 's', 'q', '?'].map((k) => commandFor(k, none, 'main')?.type)).toEqual(['open-picker', 'restart', 'save', 'quit', 'help']);
    expect(commandFor('x', none, 'main')).toBeNull();
  });

  it('treats ctrl-c as an interrupt everywhere', () => {
    for (const mode of ['main', 'help', 'picker'] as const) expect(commandFor('c', { ...none, ctrl: true }, mode)).toEqual({ type: 'interrupt' });
  });

  it('gives the picker the arrows, enter and escape', () => {
    expect(commandFor('', { ...none, downArrow: true }, 'picker')).toEqual({ type: 'move', delta: 1 });
    expect(commandFor('', { ...none, upArrow: true }, 'picker')).toEqual({ type: 'move', delta: -1 });
    expect(commandFor('', { ...none, return: true }, 'picker')).toEqual({ type: 'pick' });
    expect(commandFor('', { ...none, escape: true }, 'picker')).toEqual({ type: 'close' });
    expect(commandFor(' ', none, 'picker')).toBeNull();
  });

  it('closes help with ? or escape and keeps the other keys working', () => {
    expect(commandFor('?', none, 'help')).toEqual({ type: 'close' });
    expect(commandFor('', { ...none, escape: true }, 'help')).toEqual({ type: 'close' });
    expect(commandFor(' ', none, 'help')).toEqual({ type: 'pause' });
  });
});

describe('keyPresses', () => {
  it('splits what one read brought into one key press per character, in order', () => {
    expect(keyPresses('1 2', none)).toEqual([['1', none], [' ', none], ['2', none]]);
    expect(keyPresses('sq', none)).toEqual([['s', none], ['q', none]]);
  });

  it('turns control characters in a chunk into the keys Ink reports for them alone', () => {
    expect(keyPresses('s\u0003', none)).toEqual([['s', none], ['c', { ...none, ctrl: true }]]);
    expect(keyPresses('e\r', none)).toEqual([['e', none], ['', { ...none, return: true }]]);
  });

  it('passes single keys and keys Ink has already parsed through', () => {
    expect(keyPresses('q', none)).toEqual([['q', none]]);
    expect(keyPresses('', { ...none, downArrow: true })).toEqual([['', { ...none, downArrow: true }]]);
    expect(keyPresses('c', { ...none, ctrl: true })).toEqual([['c', { ...none, ctrl: true }]]);
  });
});

describe('computeLayout', () => {
  it('fits 80×24 in 23 rows with room for plot, trajectories and three panels', () => {
    const layout = computeLayout(80, 24, 3);
    expect(layout).toMatchObject({ width: 80, height: 23, middleHeight: 13, panelWidth: 26 });
    expect(layout.chartWidth + 1 + layout.trajectoryWidth).toBe(80);
    expect(layout.chartWidth).toBeGreaterThanOrEqual(48);
  });

  it('gives a bigger terminal to the plots', () => {
    const layout = computeLayout(160, 50, 4);
    expect(layout.middleHeight).toBe(39);
    expect(layout.chartWidth).toBeGreaterThan(100);
    expect(layout.panelWidth).toBe(39);
  });

  it('drops the trajectories on narrow terminals', () => {
    expect(computeLayout(64, 24, 2)).toMatchObject({ trajectoryWidth: 0, chartWidth: 64 });
  });
});
