#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { createRegistry, discoverExperiments, findWorkspaceRoot } from '@hig-lab/core';
import type { Registry } from '@hig-lab/core';
import { OutputError, UsageError } from '@hig-lab/runs';
import { CliError } from './commands/cli-error.js';
import { listExperiments } from './commands/list.js';
import { parseTrainOptions } from './commands/options.js';
import type { RawTrainOptions } from './commands/options.js';
import { trainHeadless } from './commands/train.js';
import { openDashboard } from './commands/dashboard.js';
import { scaffoldExperiment } from './commands/new.js';
import { evaluateCommand } from './commands/eval.js';
import type { RawEvalOptions } from './commands/eval.js';
import { registerReport } from './commands/report.js';
import { registerSweep } from './commands/sweep.js';
import { registerWorker } from './commands/worker.js';

const here = dirname(fileURLToPath(import.meta.url));
const version = (JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')) as { version: string }).version;

/** The `hig` command: list, run, compare, dashboard (the default), new. */
async function main(argv: string[]): Promise<number> {
  const program = new Command('hig')
    .description('Train a controller network through differentiable physics with GD, SIP and HIG, and compare them.')
    .version(version, '-V, --version', 'print the version of hig')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: (text) => void process.stdout.write(text) });
  let exitCode = 0;
  const registry = lazy(loadRegistry);
  // tfjs takes most of a second to load and only writes and reads controllers: runs start without it.
  const backend = lazy(async () => (await import('@hig-lab/network')).selectBackend());

  program
    .command('list')
    .description('list the registered experiments, their methods and parameters')
    .action(async () => listExperiments(await registry()));

  program
    .command('new <name>')
    .description('scaffold experiments/<name>: a small ODE system, its Jacobians, a contract test and the registration')
    .action((name: string) => void scaffoldExperiment(findWorkspaceRoot(here), name));

  runFlags(trainingFlags(program.command('run').description('train one method headless and write the results')))
    .option('--method <name>', 'GD, SIP, HIG or GN (required unless --resume)')
    .action(async (raw: RawTrainOptions, command: Command) => {
      exitCode = await trainHeadless(parseTrainOptions(raw, await registry(), 'one', given(command)), await registry(), backend());
    });

  runFlags(trainingFlags(program.command('compare').description('train several methods interleaved, headless, and write the results and the comparison plot'), '60'))
    .option('--methods <list>', 'comma-separated methods (default: all the experiment configures)')
    .action(async (raw: RawTrainOptions, command: Command) => {
      exitCode = await trainHeadless(parseTrainOptions(raw, await registry(), 'all', given(command)), await registry(), backend());
    });

  trainingFlags(program.command('dashboard', { isDefault: true }).description('the live terminal dashboard (plain progress lines when stdout is not a terminal)'), '60')
    .option('--methods <list>', 'comma-separated methods (default: all the experiment configures)')
    .action(async (raw: RawTrainOptions, command: Command) => {
      exitCode = await openDashboard(parseTrainOptions(raw, await registry(), 'all', given(command)), await registry(), await backend());
    });

  program
    .command('eval <controller>')
    .description('evaluate a saved controller (DIR/controllers/NAME) on a fresh test set of its experiment')
    .option('--seed <n>', 'seed of the test set (default: the training seed + 1, so the samples are new)')
    .option('--test-size <n>', 'test samples (default: the experiment\'s testSize)')
    .option('--json', 'print the numbers as JSON')
    .option('--out <dir>', 'folder for trajectory.svg and trajectory.png (default: "results/eval/<experiment>-<method>")')
    .action(async (dir: string, raw: RawEvalOptions) => {
      await backend();
      await evaluateCommand(dir, raw, await registry());
    });

  const setExit = (code: number): void => void (exitCode = code);
  registerSweep(program, registry, setExit);
  registerReport(program, setExit);
  registerWorker(program, registry, setExit);

  try {
    rejectUnknownCommand(program, argv);
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    return report(error);
  }
}

/** Budgets, seed, output and parameters: run, compare and dashboard. */
function trainingFlags(command: Command, defaultMaxTime?: string): Command {
  return command
    .option('--experiment <name>', 'registered experiment', 'coupled-oscillators')
    .option('--max-time <seconds>', 'training-time budget per method, in seconds', defaultMaxTime)
    .option('--max-epochs <n>', 'stop each method after this many epochs')
    .option('--target-loss <loss>', 'stop a method once its train loss reaches this')
    .option('--seed <n>', 'seed for data and initial weights, 0 to 4294967295', '42')
    .option('--out <dir>', 'folder for results, plots and controllers (default: "results/<experiment>")')
    .option('--set <name=value>', 'override an experiment parameter (repeatable), e.g. --set n=4 --set HIG.batchSize=16', collect, [])
    .option('--route <route>', 'HIG/GN half-inverse: gram (dense Gram eigen-problem, or Lanczos where that is too large), dense, lanczos, or svd (exact)', 'gram')
    .option('--init-from <dir>', 'start every method from the weights of a saved controller (controllers/NAME)')
    .option('--eval-every <when>', 'evaluate the losses: auto (at most a fifth of the time), N epochs (5e) or S training seconds (2s)', 'auto')
    .option('--x <axis>', 'x axis of the loss figure: time (training seconds) or epoch', 'time')
    .option('--threads <n>', 'threads for the work that splits (HIG\'s sensitivities, Gram and eigen step); results do not depend on it (default: the machine\'s available parallelism)')
    .option('--json', 'print the results JSON to stdout when done');
}

/** The options the user typed (not defaults), so that --resume can refuse those it would ignore. */
function given(command: Command): Set<string> {
  return new Set(Object.keys(command.opts()).filter((key) => command.getOptionValueSource(key) === 'cli'));
}

/** Checkpoints and resuming: run and compare. */
function runFlags(command: Command): Command {
  return command
    .option('--checkpoint-every <seconds>', 'seconds between checkpoints in the results folder', '30')
    .option('--resume <dir>', 'continue the run whose checkpoint is in <dir> (the budget flags may extend it)');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * `hig nosuchcmd` would otherwise reach the default command as a stray argument: say that the
 * command is unknown and list the commands.
 */
function rejectUnknownCommand(program: Command, argv: string[]): void {
  const first = argv[2];
  if (first === undefined || first.startsWith('-')) return;
  const names = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
  if (!names.includes(first) && first !== 'help') throw new CliError(`unknown command '${first}'; commands: ${program.commands.map((c) => c.name()).join(', ')} (hig --help)`);
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
  if (error instanceof CliError || error instanceof UsageError || error instanceof OutputError) {
    process.stderr.write(`hig: ${error.message}\n`);
    return 2;
  }
  // One line for the user; the stack with HIG_DEBUG=1.
  const detail = error instanceof Error ? (process.env.HIG_DEBUG ? (error.stack ?? error.message) : error.message) : String(error);
  process.stderr.write(`hig: ${detail}\n`);
  return 1;
}

// A reader that goes away (`hig list | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv);
