import { join } from 'node:path';
import { experimentPackages, findWorkspaceRoot } from '@hig-lab/core';
import { describeExperimentContract } from '@hig-lab/core/testkit';
import type { ExperimentDefinition } from '@hig-lab/core';

// Every workspace package flagged `higLab.experiment` is imported and run through the
// contract kit, whether or not its author wrote tests of its own. Sources are imported
// directly, so no build is needed first.
const packages = experimentPackages(findWorkspaceRoot());
const definitions: ExperimentDefinition[] = [];
for (const pkg of packages) {
  definitions.push(((await import(join(pkg.dir, 'src', 'index.ts'))) as { default: ExperimentDefinition }).default);
}

for (const def of definitions) describeExperimentContract(def, { system: { numRuns: 6 } });
