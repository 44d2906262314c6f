#!/usr/bin/env node
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { createRegistry, discoverExperiments, findWorkspaceRoot } from '@hig-lab/core';
import type { Registry } from '@hig-lab/core';
import { selectBackend } from '@hig-lab/network';
import { OutputError } from '@hig-lab/runs';
import { CliError } from './commands/cli-error.js';
import { listExperiments } from './commands/list.js';
import { parseTrainOptions } from './commands/options.js';
import type { RawTrainOptions } from './commands/options.js';
import { trainHeadless } from './commands/train.js';
import { openDashboard } from './commands/dashboard.js';
import { scaffoldExperiment } from './commands/new.js';
import { registerReport } from './commands/report.js';
import { registerSweep } from './commands/sweep.js';
import { registerWorker } from './commands/worker.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The `hig` command: list, run, compare, dashboard (the default). */
async function main(argv: string[]): Promise<number> {
  const program = new Command('hig')
    .description('Train a controller network through differentiable physics with GD, SIP and HIG, and compare them.')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
  let exitCode = 0;
  const registry = lazy(loadRegistry);

  program
    .command('list')
    .description('list the registered experiments, their methods and parameters')
    .action(async () => listExperiments(await registry()));

  program
    .command('new <name>')
    .description('scaffold experiments/<name>: a small ODE system, its Jacobians, a contract test and the registration')
    .action((name: string) => void scaffoldExperiment(findWorkspaceRoot(here), name));

  headlessFlags(trainingFlags(program.command('run').description('train one method headless and write the results')))
    .requiredOption('--method <name>', 'GD, SIP, HIG or GN')
    .action(async (raw: RawTrainOptions) => {
      exitCode = await trainHeadless(parseTrainOptions(raw, await registry(), 'one'), await selectBackend());
    });

  headlessFlags(trainingFlags(program.command('compare').description('train several methods interleaved, headless, and write the results and the comparison plot')))
    .option('--methods <list>', 'comma-separated methods (default: all the experiment configures)')
    .action(async (raw: RawTrainOptions) => {
      exitCode = await trainHeadless(parseTrainOptions({ ...raw, maxTime: raw.maxTime ?? '60' }, await registry(), 'all'), await selectBackend());
    });

  trainingFlags(program.command('dashboard', { isDefault: true }).description('the live terminal dashboard (plain progress lines when stdout is not a terminal)'))
    .option('--methods <list>', 'comma-separated methods (default: all the experiment configures)')
    .action(async (raw: RawTrainOptions) => {
      const options = parseTrainOptions({ ...raw, maxTime: raw.maxTime ?? '60' }, await registry(), 'all');
      exitCode = await openDashboard(options, await registry(), await selectBackend());
    });

  const setExit = (code: number): void => void (exitCode = code);
  registerSweep(program, registry, setExit);
  registerReport(program, setExit);
  registerWorker(program, registry, setExit);

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    return report(error);
  }
}

function trainingFlags(command: Command): Command {
  return command
    .option('--experiment <name>', 'registered experiment', 'coupled-oscillators')
    .option('--max-time <seconds>', 'training-time budget per method, in seconds')
    .option('--seed <n>', 'seed for data and initial weights', '42')
    .option('--out <dir>', 'folder for results, plots and controllers (default: results/<experiment>)')
    .option('--set <name=value>', 'override an experiment parameter (repeatable), e.g. --set n=4 --set HIG.batchSize=16', collect, []);
}

function headlessFlags(command: Command): Command {
  return command
    .option('--max-epochs <n>', 'stop each method after this many epochs')
    .option('--target-loss <loss>', 'stop a method once its train loss reaches this')
    .option('--json', 'print the results JSON to stdout')
    .option('--route <route>', 'HIG/GN half-inverse: gram (fast) or svd (exact)', 'gram');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Experiments are discovered from the workspace this command is installed in; one that cannot load is skipped with a warning. */
async function loadRegistry(): Promise<Registry> {
  const warn = (error: Error): void => void process.stderr.write(`hig: warning: ${error.message}\n`);
  return createRegistry(await discoverExperiments(here, warn));
}

function lazy<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
    process.stderr.write(`hig: ${error.message.replace(/^error: /, '')}\n`);
    return 2;
  }
  if (error instanceof CliError || error instanceof OutputError) {
    process.stderr.write(`hig: ${error.message}\n`);
    return 2;
  }
  // One line for the user; the stack with HIG_DEBUG=1.
  const detail = error instanceof Error ? (process.env.HIG_DEBUG ? (error.stack ?? error.message) : error.message) : String(error);
  process.stderr.write(`hig: ${detail}\n`);
  return 1;
}

process.exitCode = await main(process.argv);
