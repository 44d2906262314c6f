import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stalePackages } from '../../bin/rebuild-if-stale.js';

/** A workspace whose package 'a' was built at t = 100 s, with sources from t = `source`. */
function workspace(source: number): string {
  const root = mkdtempSync(join(tmpdir(), 'hig-stale-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ workspaces: ['packages/*'] }));
  const dir = join(root, 'packages', 'a');
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'dist'));
  for (const [file, time] of [['package.json', 50], ['tsconfig.build.json', 50], ['src/index.ts', source], ['dist/index.js', 100]] as const) {
    writeFileSync(join(dir, file), '');
    utimesSync(join(dir, file), time, time);
  }
  return root;
}

describe('stalePackages', () => {
  it('finds a package whose sources changed after its build', () => {
    expect(stalePackages(workspace(200))).toEqual(['packages/a']);
  });

  it('leaves a package built after its last change alone', () => {
    expect(stalePackages(workspace(60))).toEqual([]);
  });

  it('counts a rebuild that restored an unchanged build from the cache (the stamp)', () => {
    const root = workspace(200);
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, 'node_modules', '.hig-build-stamp'), '');
    utimesSync(join(root, 'node_modules', '.hig-build-stamp'), 300, 300);
    expect(stalePackages(root)).toEqual([]);
  });
});
