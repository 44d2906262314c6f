// Loads a controller saved by `hig compare` and applies it to one state.
// From the repository root: node packages/network/examples/load-controller.mjs [folder]
import * as tf from '@tensorflow/tfjs';
import { loadLayersModelFromDir } from '@hig-lab/network';

const dir = process.argv[2] ?? 'results/coupled-oscillators/controllers/HIG';
const model = await loadLayersModelFromDir(dir);
const { experiment, method, epochs } = model.getUserDefinedMetadata() ?? {};
const stateDim = model.inputs[0].shape[1];
const state = tf.ones([1, stateDim]); // a batch of one state
const control = model.predict(state);
console.log(`${method} controller of ${experiment} after ${epochs} epochs`);
console.log('control:', JSON.stringify(Array.from(await control.data())));
