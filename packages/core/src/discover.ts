import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ContractError } from './errors.js';
import type { ExperimentDefinition } from './experiment.js';

/**
 * Experiments are found from the workspace itself: every workspace package whose package.json
 * has `"higLab": { "experiment": true }` is imported by name and must default-export an
 * ExperimentDefinition. Adding an experiment never means editing a list.
 */
export interface WorkspacePackage {
  readonly name: string;
  readonly dir: string;
}

/** The nearest folder at or above `start` whose package.json declares workspaces. */
export function findWorkspaceRoot(start: string = process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readJson(manifest).workspaces) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`findWorkspaceRoot: no package.json with "workspaces" at or above ${start}`);
    dir = parent;
  }
}

/** Workspace packages that declare an experiment, sorted by name. */
export function experimentPackages(root: string): WorkspacePackage[] {
  const patterns = readJson(join(root, 'package.json')).workspaces as string[];
  const found: WorkspacePackage[] = [];
  for (const dir of expandWorkspaces(root, patterns)) {
    const manifest = readJson(join(dir, 'package.json'));
    const flag = (manifest.higLab as { experiment?: unknown } | undefined)?.experiment;
    if (flag === true) found.push({ name: String(manifest.name), dir });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Imports every experiment package of the workspace at or above `start`. A package that cannot
 * be loaded throws, unless `onError` is given: it is then told, and the package is skipped.
 */
export async function discoverExperiments(start?: string, onError?: (error: Error) => void): Promise<ExperimentDefinition[]> {
  const packages = experimentPackages(findWorkspaceRoot(start));
  const loaded = await Promise.all(
    packages.map((pkg) =>
      loadExperimentPackage(pkg).catch((error: Error) => {
        if (!onError) throw error;
        onError(error);
        return null;
      }),
    ),
  );
  return loaded.filter((def): def is ExperimentDefinition => def !== null);
}

async function loadExperimentPackage(pkg: WorkspacePackage): Promise<ExperimentDefinition> {
  let mod: { default?: unknown };
  try {
    mod = (await import(pkg.name)) as { default?: unknown };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot load experiment package '${pkg.name}' (${pkg.dir}): ${reason}. Run 'npm install' and 'npm run build' first.`);
  }
  if (typeof mod.default !== 'object' || mod.default === null) {
    throw new ContractError(`package '${pkg.name}'`, 'default export', 'must be an ExperimentDefinition');
  }
  return mod.default as ExperimentDefinition;
}

function expandWorkspaces(root: string, patterns: readonly string[]): string[] {
  const dirs: string[] = [];
  for (const pattern of patterns) {
    if (pattern.endsWith('/*')) {
      const parent = join(root, pattern.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const entry of readdirSync(parent, { withFileTypes: true })) {
        const dir = join(parent, entry.name);
        if (entry.isDirectory() && existsSync(join(dir, 'package.json'))) dirs.push(dir);
      }
    } else if (existsSync(join(root, pattern, 'package.json'))) {
      dirs.push(join(root, pattern));
    }
  }
  return dirs;
}

function readJson(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
