import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findWorkspaceRoot } from '@hig-lab/core';
import type { Registry } from '@hig-lab/core';

/** The packages whose code makes a run's numbers besides the experiment's own: training, and this one. */
const TRAINING_PACKAGES = ['@hig-lab/optimizers-gd-sip-hig', '@hig-lab/runs'];

const here = dirname(fileURLToPath(import.meta.url));
const cache = new Map<string, string>();

/**
 * The version of the code a run of `experiment` depends on, e.g.
 * `coupled-oscillators@0.1.0+3fa2c1d9e0b4`: the experiment package's version and a hash of the
 * sources (src/, or dist/ where there is none) of that package, of the training packages and of
 * every workspace package they depend on. Equal versions train alike; a checkpoint or a queued
 * run is refused by code of another version.
 */
export function codeVersion(registry: Registry, experiment: string): string {
  const cached = cache.get(experiment);
  if (cached) return cached;
  const pkg = registry.packageOf(experiment);
  // Workspace packages are linked in this package's workspace (an experiment outside it brings none).
  const root = findWorkspaceRoot(here);
  const dirs = new Map<string, string>();
  const visit = (dir: string): void => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; dependencies?: Record<string, string> };
    if (dirs.has(manifest.name)) return;
    dirs.set(manifest.name, dir);
    for (const dep of Object.keys(manifest.dependencies ?? {})) {
      const linked = join(root, 'node_modules', dep);
      if (dep.startsWith('@hig-lab/') && existsSync(linked)) visit(realpathSync(linked));
    }
  };
  if (pkg) visit(pkg.dir);
  for (const name of TRAINING_PACKAGES) {
    const linked = join(root, 'node_modules', name);
    if (existsSync(linked)) visit(realpathSync(linked));
  }
  const hash = createHash('sha256');
  for (const name of [...dirs.keys()].sort()) {
    const dir = dirs.get(name)!;
    // WebAssembly kernels are built from assembly/ beside src/.
    const sources = existsSync(join(dir, 'src')) ? [join(dir, 'src'), join(dir, 'assembly')] : [join(dir, 'dist')];
    hash.update(`${name}\0`);
    for (const file of sources.flatMap(filesUnder)) hash.update(`${relative(dir, file)}\0`).update(readFileSync(file)).update('\0');
  }
  const version = `${experiment}@${pkg?.version ?? 'unpackaged'}+${hash.digest('hex').slice(0, 12)}`;
  cache.set(experiment, version);
  return version;
}

/** Every file below `dir`, sorted. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}
