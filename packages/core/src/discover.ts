import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ExperimentDefinition } from './experiment.js';
import { instantiate } from './registry.js';
import { validateDefinition } from './validate.js';

/**
 * Experiments are found from the workspace itself: every workspace package whose package.json
 * has `"higLab": { "experiment": true }` is imported by name and must default-export an
 * ExperimentDefinition. Adding an experiment never means editing a list.
 */
export interface WorkspacePackage {
  readonly name: string;
  readonly dir: string;
  /** The package.json version. */
  readonly version: string;
  /** The module its name resolves to. */
  readonly entry: string;
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

/** Reports a package that is skipped; without one, the problem is thrown instead. */
export type DiscoveryWarning = (error: Error) => void;

/**
 * Workspace packages that declare an experiment, sorted by name. A package.json that cannot be
 * read is reported to `onError` and skipped (thrown when there is no `onError`).
 */
export function experimentPackages(root: string, onError?: DiscoveryWarning): WorkspacePackage[] {
  const patterns = readJson(join(root, 'package.json')).workspaces as string[];
  const found: WorkspacePackage[] = [];
  for (const dir of expandWorkspaces(root, patterns)) {
    try {
      const manifest = readJson(join(dir, 'package.json'));
      const flag = (manifest.higLab as { experiment?: unknown } | undefined)?.experiment;
      if (flag !== true) continue;
      if (typeof manifest.name !== 'string' || manifest.name === '') throw new Error(`${join(dir, 'package.json')} has no "name"`);
      found.push({ name: manifest.name, dir, version: typeof manifest.version === 'string' ? manifest.version : '0.0.0', entry: entryOf(dir, manifest) });
    } catch (error) {
      if (!onError) throw error;
      onError(new Error(`experiment package in ${dir} skipped: ${(error as Error).message}`));
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** An experiment definition and the workspace package it came from. */
export interface DiscoveredExperiment {
  readonly definition: ExperimentDefinition;
  readonly package: WorkspacePackage;
}

/**
 * Imports and checks every experiment package of the workspace at or above `start`: its
 * default export must pass `validateDefinition`, `create` must make a valid experiment from the
 * defaults, and its name must not be taken by an earlier package. A package that fails any of
 * this is reported to `onError`, naming the package and the reason, and skipped; without
 * `onError` the first problem is thrown.
 */
export async function discoverExperiments(start?: string, onError?: DiscoveryWarning): Promise<DiscoveredExperiment[]> {
  const packages = experimentPackages(findWorkspaceRoot(start), onError);
  const loaded = await Promise.all(packages.map((pkg) => loadExperimentPackage(pkg).then((definition) => ({ definition, package: pkg }), (error: Error) => error)));
  const found: DiscoveredExperiment[] = [];
  const byName = new Map<string, WorkspacePackage>();
  for (const [i, item] of loaded.entries()) {
    const pkg = packages[i];
    let problem: string | null = null;
    if (item instanceof Error) problem = item.message;
    else if (byName.has(item.definition.name)) problem = `experiment name '${item.definition.name}' is already taken by '${byName.get(item.definition.name)!.name}'`;
    if (problem === null && !(item instanceof Error)) {
      byName.set(item.definition.name, pkg);
      found.push(item);
      continue;
    }
    const error = new Error(`experiment package '${pkg.name}' skipped: ${problem}`);
    if (!onError) throw error;
    onError(error);
  }
  return found;
}

/** Imports a package's entry and checks what it exports, down to an instance made from the defaults. */
async function loadExperimentPackage(pkg: WorkspacePackage): Promise<ExperimentDefinition> {
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(pkg.entry).href)) as { default?: unknown };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot be imported from ${pkg.entry} (${reason}); run 'npm install' to build it`);
  }
  const def = mod.default as ExperimentDefinition;
  if (typeof def !== 'object' || def === null) throw new Error('its default export must be an ExperimentDefinition');
  validateDefinition(def);
  try {
    instantiate(def);
  } catch (error) {
    throw new Error(`create() with the default parameters fails: ${(error as Error).message}`);
  }
  return def;
}

/** The file `import(name)` would load: exports["."] (its "default" or "import"), else main, else index.js. */
function entryOf(dir: string, manifest: Record<string, unknown>): string {
  const exp = manifest.exports as unknown;
  const dot = typeof exp === 'string' ? exp : (exp as Record<string, unknown> | undefined)?.['.'];
  const target = typeof dot === 'string' ? dot : ((dot as Record<string, unknown> | undefined)?.default ?? (dot as Record<string, unknown> | undefined)?.import);
  const rel = typeof target === 'string' ? target : typeof manifest.main === 'string' ? manifest.main : 'index.js';
  return join(dir, rel);
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
