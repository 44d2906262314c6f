import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** A folder's files as relative path (with /) → base64 contents: how run folders travel through Redis. */
export type PackedFiles = Record<string, string>;

export function packFiles(dir: string): PackedFiles {
  const packed: PackedFiles = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else packed[relative(dir, path).split(sep).join('/')] = readFileSync(path).toString('base64');
    }
  };
  walk(dir);
  return packed;
}

export function unpackFiles(packed: PackedFiles): Map<string, Uint8Array> {
  return new Map(Object.entries(packed).map(([path, data]) => [path, Buffer.from(data, 'base64')]));
}

/** Writes packed files under `dir` (made if missing). */
export function writePackedFiles(dir: string, packed: PackedFiles): void {
  for (const [path, data] of unpackFiles(packed)) {
    const target = join(dir, path);
    if (relative(dir, target).startsWith('..')) throw new Error(`writePackedFiles: '${path}' lies outside ${dir}`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
  }
}
