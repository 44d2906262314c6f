import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { writeFileAtomic } from '@hig-lab/core';
import { experimentFiles } from '../scaffold/experiment-template.js';
import { CliError } from './cli-error.js';

/** hig new NAME: scaffolds experiments/NAME in the workspace at `root`; returns the files written. */
export function scaffoldExperiment(root: string, name: string, out: NodeJS.WritableStream = process.stdout): string[] {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    throw new CliError(`new: name '${name}' must be kebab-case: lower-case letters and digits, words joined by '-'`);
  }
  const dir = join(root, 'experiments', name);
  if (existsSync(dir)) throw new CliError(`new: ${relative(root, dir)} already exists`);
  const written: string[] = [];
  for (const [file, text] of Object.entries(experimentFiles(name))) {
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, text);
    written.push(path);
  }
  const next = [
    ['npm install', 'link the new workspace package (and build it)'],
    ['npx hig list', 'it is registered'],
    [`npm test -w @hig-lab/experiment-${name}`, 'its contract tests'],
    [`npx hig compare --experiment ${name} --max-time 20`, 'a first comparison'],
  ];
  const width = Math.max(...next.map(([command]) => command.length));
  out.write(`created ${relative(root, dir)}/ (${written.length} files). Next:\n${next.map(([c, why]) => `  ${c.padEnd(width)}  # ${why}\n`).join('')}`);
  return written;
}
