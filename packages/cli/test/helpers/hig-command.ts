import { join } from 'node:path';

/**
 * The real hig command, as the package's build made it (its tests depend on its own build):
 * node and the arguments to spawn it with.
 */
export const HIG = join(new URL('.', import.meta.url).pathname, '../../dist/cli.js');

export function higArgs(args: readonly string[]): [string, string[]] {
  return [process.execPath, [HIG, ...args]];
}
