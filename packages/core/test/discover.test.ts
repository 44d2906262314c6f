import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { experimentPackages, findWorkspaceRoot } from '../src/index.js';

describe('workspace discovery', () => {
  it('finds packages that declare higLab.experiment, and only those', () => {
    const root = mkdtempSync(join(tmpdir(), 'hig-ws-'));
    const pkg = (dir: string, manifest: object) => {
      mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, dir, 'package.json'), JSON.stringify(manifest));
    };
    pkg('.', { name: 'ws', workspaces: ['packages/*', 'experiments/*'] });
    pkg('packages/lib', { name: '@x/lib' });
    pkg('experiments/b', { name: '@x/b', higLab: { experiment: true } });
    pkg('experiments/a', { name: '@x/a', higLab: { experiment: true } });
    expect(findWorkspaceRoot(join(root, 'experiments/a'))).toBe(root);
    expect(experimentPackages(root).map((p) => p.name)).toEqual(['@x/a', '@x/b']);
  });

  it('finds this repository and its coupled-oscillators experiment', () => {
    const names = experimentPackages(findWorkspaceRoot()).map((p) => p.name);
    expect(names).toContain('@hig-lab/experiment-coupled-oscillators');
  });
});
