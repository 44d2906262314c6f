// Plain JavaScript, beside the shim: it must run before (and without) any build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Newest modification time (ms) of the files below `path`, or of `path` itself; 0 if missing. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

function workspaceRoot(start) {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).workspaces) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/** Written after each rebuild: turbo may restore an unchanged dist/ from its cache without touching it. */
const stampOf = (root) => join(root, 'node_modules', '.hig-build-stamp');

/** Workspace packages whose sources (src/, assembly/, package.json, tsconfig*.json, asconfig.json) are newer than their last build. */
export function stalePackages(root) {
  const stale = [];
  const stamp = newest(stampOf(root));
  for (const group of ['packages', 'experiments']) {
    const parent = join(root, group);
    if (!existsSync(parent)) continue;
    for (const name of readdirSync(parent)) {
      const dir = join(parent, name);
      if (!existsSync(join(dir, 'tsconfig.build.json'))) continue;
      const sources = Math.max(...['src', 'assembly', 'package.json', 'tsconfig.build.json', 'asconfig.json'].map((part) => newest(join(dir, part))));
      if (sources > Math.max(stamp, newest(join(dir, 'dist')))) stale.push(relative(root, dir));
    }
  }
  return stale;
}

/** Rebuilds the workspace (turbo rebuilds only what changed) when sources are newer than the build. HIG_NO_REBUILD=1 skips the check. */
export function rebuildIfStale() {
  if (process.env.HIG_NO_REBUILD) return;
  const root = workspaceRoot(dirname(fileURLToPath(import.meta.url)));
  if (!root) return;
  const stale = stalePackages(root);
  if (stale.length === 0) return;
  process.stderr.write(`hig: sources changed since the last build (${stale.join(', ')}); rebuilding\n`);
  const build = spawnSync('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], {
    cwd: root,
    stdio: ['ignore', process.stderr.fd, process.stderr.fd],
    env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env },
  });
  if (build.status !== 0) {
    process.stderr.write('hig: the build failed (see above); fix the sources or run the last build with HIG_NO_REBUILD=1\n');
    process.exit(1);
  }
  writeFileSync(stampOf(root), `${new Date().toISOString()}\n`);
}
