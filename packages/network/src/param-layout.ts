import { validateSpec } from './network-spec.js';
import type { Activation, NetworkSpec } from './network-spec.js';

/** Where one dense layer's parameters sit in the flat parameter vector. */
export interface LayerLayout {
  /** Width of the layer's input (the previous layer's units, or `inputDim`). */
  readonly fanIn: number;
  readonly units: number;
  readonly activation: Activation;
  /** Offset of the kernel `W [fanIn×units]`, row-major: `W[i, j]` is at `kernelOffset + i*units + j`. */
  readonly kernelOffset: number;
  /** Offset of the bias `b [units]`, right after the kernel. */
  readonly biasOffset: number;
}

/**
 * The layout of the flat parameter vector in Keras order: for each layer its kernel
 * `[fanIn×units]` row-major, then its bias `[units]`. Validates the spec.
 */
export function paramLayout(spec: NetworkSpec): LayerLayout[] {
  validateSpec(spec);
  const out: LayerLayout[] = [];
  let fanIn = spec.inputDim;
  let offset = 0;
  for (const { units, activation } of spec.layers) {
    out.push({ fanIn, units, activation, kernelOffset: offset, biasOffset: offset + fanIn * units });
    offset += (fanIn + 1) * units;
    fanIn = units;
  }
  return out;
}

/** Number of parameters `P = Σ_l (fanIn_l + 1)·units_l` (1444 for the reference spec). Validates the spec. */
export function paramCount(spec: NetworkSpec): number {
  validateSpec(spec);
  let count = 0;
  let fanIn = spec.inputDim;
  for (const { units } of spec.layers) {
    count += (fanIn + 1) * units;
    fanIn = units;
  }
  return count;
}
