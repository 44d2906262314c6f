/**
 * The description of a controller MLP: an input width and a stack of dense layers.
 * Parameters of such a network live in one flat Float64Array in Keras order (see `paramLayout`).
 */

import type { Activation, NetworkSpec } from '@hig-lab/core';

// The spec itself is part of the experiment contract, so it is declared in core.
export type { Activation, NetworkSpec };

/** The activations this package implements, in float64 and through tfjs. */
export const ACTIVATIONS: readonly Activation[] = ['tanh', 'relu', 'linear'];

/** One dense layer: `y [B×units] = activation(x [B×fanIn] · W [fanIn×units] + b [units])`. */
export type DenseLayerSpec = NetworkSpec['layers'][number];

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function checkWidth(field: string, value: unknown): void {
  if (typeof value !== 'number') {
    throw new TypeError(`validateSpec: ${field} must be a positive integer, received ${typeof value} ${JSON.stringify(value)}`);
  }
  if (!isPositiveInteger(value)) {
    throw new RangeError(`validateSpec: ${field} must be a positive integer, received ${String(value)}`);
  }
}

/**
 * Checks that `spec` is a well-formed `NetworkSpec` (from code or from parsed JSON).
 * Throws a TypeError for a value of the wrong kind (not an object, unknown activation name) and a
 * RangeError for a bad size (non-positive or non-integer width, no layers); the message names the
 * field, e.g. `spec.layers[2].units`.
 */
export function validateSpec(spec: unknown): asserts spec is NetworkSpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new TypeError(`validateSpec: spec must be an object { inputDim, layers }, received ${spec === null ? 'null' : Array.isArray(spec) ? 'array' : typeof spec}`);
  }
  const { inputDim, layers } = spec as { inputDim?: unknown; layers?: unknown };
  checkWidth('spec.inputDim', inputDim);
  if (!Array.isArray(layers)) {
    throw new TypeError(`validateSpec: spec.layers must be an array of { units, activation }, received ${layers === null ? 'null' : typeof layers}`);
  }
  if (layers.length === 0) throw new RangeError('validateSpec: spec.layers must contain at least one layer, received an empty array');
  layers.forEach((layer: unknown, i: number) => {
    const field = `spec.layers[${i}]`;
    if (typeof layer !== 'object' || layer === null || Array.isArray(layer)) {
      throw new TypeError(`validateSpec: ${field} must be an object { units, activation }, received ${layer === null ? 'null' : typeof layer}`);
    }
    const { units, activation } = layer as { units?: unknown; activation?: unknown };
    checkWidth(`${field}.units`, units);
    if (typeof activation !== 'string' || !(ACTIVATIONS as readonly string[]).includes(activation)) {
      throw new TypeError(`validateSpec: ${field}.activation must be one of ${ACTIVATIONS.map((a) => `'${a}'`).join(' | ')}, received ${JSON.stringify(activation) ?? 'undefined'}`);
    }
  });
}
