import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A SHA-256 over the files of a controller folder (names and contents, in name order): what a
 * warm start starts from, independent of where the folder lies.
 */
export function controllerDigest(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const data = readFileSync(path);
    hash.update(`${name}\0${data.length}\0`).update(data);
  }
  return hash.digest('hex');
}
