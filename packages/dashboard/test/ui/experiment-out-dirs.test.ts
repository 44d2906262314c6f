import { describe, expect, it } from '@jest/globals';
import { experimentOutDirs } from '../../src/ui/experiment-out-dirs.js';

describe('experimentOutDirs', () => {
  it('gives every experiment its own folder under results/ without --out', () => {
    const dirFor = experimentOutDirs(undefined, 'coupled-oscillators');
    expect(dirFor('coupled-oscillators')).toBe('results/coupled-oscillators');
    expect(dirFor('nonlinear-oscillators')).toBe('results/nonlinear-oscillators');
  });

  it('keeps --out for the experiment the dashboard started with and suffixes the others', () => {
    const dirFor = experimentOutDirs('/tmp/run1', 'coupled-oscillators');
    expect(dirFor('coupled-oscillators')).toBe('/tmp/run1');
    expect(dirFor('quantum-dipole')).toBe('/tmp/run1-quantum-dipole');
  });
});
