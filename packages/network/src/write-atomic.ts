import * as fs from 'node:fs';

/** Writes `data` to `file` atomically: first to `file.tmp-<pid>`, then `fs.renameSync` over `file`. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}
