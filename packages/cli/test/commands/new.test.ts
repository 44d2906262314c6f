import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { instantiate, validateDefinition } from '@hig-lab/core';
import type { ExperimentDefinition } from '@hig-lab/core';
import { Session } from '@hig-lab/optimizers-gd-sip-hig';
import { scaffoldExperiment } from '../../src/commands/new.js';

describe('hig new', () => {
  const root = mkdtempSync(join(tmpdir(), 'hig-new-'));
  const files = scaffoldExperiment(root, 'swing-up', new PassThrough());

  it('writes a registered package with a system, a test and its configs', () => {
    expect(files.map((f) => f.slice(root.length + 1)).sort()).toEqual(
      ['jest.config.js', 'package.json', 'src/index.ts', 'test/contract.test.ts', 'tsconfig.build.json', 'tsconfig.json'].map((f) => `experiments/swing-up/${f}`),
    );
    const manifest = JSON.parse(readFileSync(join(root, 'experiments/swing-up/package.json'), 'utf8'));
    expect(manifest.name).toBe('@hig-lab/experiment-swing-up');
    expect(manifest.higLab).toEqual({ experiment: true });
  });

  it('scaffolds an experiment that passes validation and trains', async () => {
    const def = ((await import(join(root, 'experiments/swing-up/src/index.ts'))) as { default: ExperimentDefinition }).default;
    validateDefinition(def);
    const exp = instantiate(def, { trainSize: 256, testSize: 64 });
    const result = await new Session({ experiment: exp, methods: ['GD', 'HIG'], seed: 1, budget: { maxEpochs: 3 } }).run();
    for (const m of result.methods) expect(m.epochs.at(-1)!.trainLoss).toBeLessThan(m.epochs[0].trainLoss);
  });

  it('refuses a bad name and an existing folder, naming them', () => {
    expect(() => scaffoldExperiment(root, 'Bad_Name', new PassThrough())).toThrow("new: name 'Bad_Name' must be kebab-case");
    expect(() => scaffoldExperiment(root, 'swing-up', new PassThrough())).toThrow('new: experiments/swing-up already exists');
  });
});
