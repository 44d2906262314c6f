import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry, discoverExperiments } from '../src/index.js';

/** A valid experiment in plain JavaScript: s' = s + dt·u, one control per step, loss (y - y*)². */
function definitionSource(name: string, createThrows = false): string {
  return `
const system = {
  name: 'drift', stateDim: 1, controlDim: 1, order: 1, params: {}, stateNames: ['x'],
  step(out, s, u, dt) { out[0] = s[0] + dt * u[0]; },
  stepJacobians(out, js, ju, s, u, dt) { out[0] = s[0] + dt * u[0]; js[0] = 1; ju[0] = dt; },
};
const data = (size) => ({ size, initial: new Float64Array(size), input: new Float64Array(size).fill(1), target: new Float64Array(size).fill(1) });
export default {
  name: '${name}', title: 'drift', description: 'a test experiment',
  parameters: { Nt: { default: 2, min: 1, max: 10, integer: true } },
  create: (p) => ${createThrows ? "{ throw new Error('no such physics'); }, unused: (p) => (" : '('}{
    name: '${name}', title: 'drift', system, steps: p.Nt, dt: 0.5, parameters: p,
    loss: { targetDim: 1, value: (y, t) => (y[0] - t[0]) ** 2, gradient: (g, y, t) => { g[0] = 2 * (y[0] - t[0]); } },
    network: { inputDim: 1, layers: [{ units: p.Nt, activation: 'linear' }] },
    methods: { GD: { batchSize: 2, learningRate: 0.1 } },
    data: () => ({ train: data(4), test: data(4) }),
    display: { components: [0] },
  }),
};
`;
}

function workspace(packages: Record<string, { manifest: object | string; source?: string }>): string {
  const root = mkdtempSync(join(tmpdir(), 'hig-broken-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'ws', workspaces: ['experiments/*'] }));
  for (const [dir, { manifest, source }] of Object.entries(packages)) {
    mkdirSync(join(root, 'experiments', dir), { recursive: true });
    writeFileSync(join(root, 'experiments', dir, 'package.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
    if (source !== undefined) writeFileSync(join(root, 'experiments', dir, 'index.js'), source);
  }
  return root;
}

const experiment = (name: string) => ({ name, type: 'module', main: 'index.js', higLab: { experiment: true } });

describe('discovering experiments next to broken packages', () => {
  it('skips each broken package with one warning naming it and the reason, and keeps the good one', async () => {
    const root = workspace({
      good: { manifest: experiment('@x/good'), source: definitionSource('good') },
      'not-a-definition': { manifest: experiment('@x/not-a-definition'), source: 'export default 42;' },
      invalid: { manifest: experiment('@x/invalid'), source: definitionSource('Bad Name') },
      throwing: { manifest: experiment('@x/throwing'), source: definitionSource('throwing', true) },
      twin: { manifest: experiment('@x/twin'), source: definitionSource('good') },
      malformed: { manifest: '{ "name": "@x/malformed", ' },
      missing: { manifest: experiment('@x/missing') },
    });
    const warnings: string[] = [];
    const found = await discoverExperiments(root, (error) => warnings.push(error.message));
    expect(found.map((f) => f.definition.name)).toEqual(['good']);
    expect(found[0].package.name).toBe('@x/good');
    expect(createRegistry(found).packageOf('good')?.dir).toBe(join(root, 'experiments', 'good'));
    const about = (what: string) => warnings.filter((w) => w.includes(what));
    expect(about("'@x/not-a-definition' skipped: its default export must be an ExperimentDefinition")).toHaveLength(1);
    expect(about("'@x/invalid' skipped: experiment 'Bad Name': field 'name' must be kebab-case")).toHaveLength(1);
    expect(about("'@x/throwing' skipped: create() with the default parameters fails: no such physics")).toHaveLength(1);
    expect(about("'@x/twin' skipped: experiment name 'good' is already taken by '@x/good'")).toHaveLength(1);
    expect(about(`experiment package in ${join(root, 'experiments', 'malformed')} skipped: cannot read`)).toHaveLength(1);
    expect(about("'@x/missing' skipped: cannot be imported from")).toHaveLength(1);
    expect(warnings).toHaveLength(6);
    for (const w of warnings) expect(w).not.toContain('\n');
  });

  it('throws the first problem when no warning handler is given', async () => {
    const root = workspace({ bad: { manifest: experiment('@x/bad'), source: 'export default null;' } });
    await expect(discoverExperiments(root)).rejects.toThrow("experiment package '@x/bad' skipped: its default export must be an ExperimentDefinition");
  });
});
