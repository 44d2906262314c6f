import { describe, expect, it } from '@jest/globals';
import { colorFor } from '../src/color-for.js';
import { METHOD_COLORS } from '../src/method-colors.js';

describe('METHOD_COLORS / colorFor', () => {
  it('uses the tab10 hues: GD blue, SIP orange, HIG green, GN red', () => {
    expect(METHOD_COLORS).toMatchObject({ GD: '#1f77b4', SIP: '#ff7f0e', HIG: '#2ca02c', GN: '#d62728' });
    expect(colorFor('HIG', 0)).toBe('#2ca02c');
  });

  it('matches a method at the start of a longer label, ignoring case', () => {
    expect(colorFor('SIP (lr=1e-3)', 5)).toBe(METHOD_COLORS['SIP']);
    expect(colorFor('hig_eta0.5', 5)).toBe(METHOD_COLORS['HIG']);
    expect(colorFor('GN-exact', 5)).toBe(METHOD_COLORS['GN']);
  });

  it('gives other names distinct fallback colours by index', () => {
    const colors = [0, 1, 2, 3, 4, 5].map((i) => colorFor('other', i));
    expect(new Set(colors).size).toBe(6);
    for (const c of colors) expect(Object.values(METHOD_COLORS)).not.toContain(c);
    expect(colorFor('other', 6)).toBe(colors[0]);
    expect(colorFor('other', -1)).toBe(colors[5]);
    expect(colorFor('GDX', 0)).toBe(colors[0]);
  });

  it('does not treat Object.prototype keys as methods', () => {
    expect(colorFor('constructor', 0)).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('rejects a non-integer index', () => {
    expect(() => colorFor('x', 0.5)).toThrow(/colorFor: index/);
  });
});
