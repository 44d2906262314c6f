import type { Experiment, NetworkSpec } from '@hig-lab/core';
import { tfjsSide } from './tfjs-side.js';
import { UsageError } from './usage-error.js';

/** Weights of a saved controller, which must have the experiment's network. */
export async function warmStartWeights(dir: string, experiment: Experiment): Promise<Float64Array> {
  let loaded;
  try {
    loaded = await (await tfjsSide()).loadController(dir);
  } catch (error) {
    throw new UsageError('--init-from', (error as Error).message);
  }
  loaded.model.dispose();
  const want = describeNetwork(experiment.network);
  const got = describeNetwork(loaded.spec);
  if (want !== got) throw new UsageError('--init-from', `${dir}/model.json is a controller ${got}; experiment '${experiment.name}' needs ${want}`);
  return loaded.params;
}

/** A network as one line: `4 → 20 tanh → 24 linear`. */
export function describeNetwork(spec: NetworkSpec): string {
  return `${spec.inputDim} → ${spec.layers.map((l) => `${l.units} ${l.activation}`).join(' → ')}`;
}

