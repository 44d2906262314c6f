import { ParameterError } from './errors.js';

/** One numeric parameter with its default and bounds (inclusive). */
export interface ParameterSpec {
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  /** Only powers of two (an FFT's sizes); implies integer. */
  readonly powerOfTwo?: boolean;
  readonly description?: string;
}
export type ParameterSpecs = Readonly<Record<string, ParameterSpec>>;
export type ParameterValues = Readonly<Record<string, number>>;

/**
 * The effective values: defaults, overridden by `overrides` (numbers or the strings a command
 * line gives). Unknown names, non-numbers, non-integers and out-of-bounds values are rejected
 * with a ParameterError naming the parameter.
 */
export function resolveParameters(specs: ParameterSpecs, overrides: Readonly<Record<string, number | string>> = {}): ParameterValues {
  const values: Record<string, number> = {};
  for (const [name, spec] of Object.entries(specs)) values[name] = stored(spec, spec.default);
  for (const [name, raw] of Object.entries(overrides)) {
    // Own keys only: 'constructor' or 'toString' are not parameters of any experiment.
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec) {
      throw new ParameterError(name, `is unknown; known parameters: ${Object.keys(specs).join(', ')}`);
    }
    values[name] = checkValue(name, spec, raw);
  }
  return values;
}

function checkValue(name: string, spec: ParameterSpec, raw: number | string): number {
  const value = typeof raw === 'number' ? raw : raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(value)) throw new ParameterError(name, `must be a finite number, got '${raw}'`);
  if ((spec.integer || spec.powerOfTwo) && !Number.isInteger(value)) throw new ParameterError(name, `must be an integer, got ${raw}`);
  if (spec.powerOfTwo && !isPowerOfTwo(value)) {
    const below = 2 ** Math.floor(Math.log2(Math.max(1, value)));
    throw new ParameterError(name, `must be a power of two, got ${raw} (the nearest are ${below} and ${2 * below})`);
  }
  if (spec.min !== undefined && value < spec.min) throw new ParameterError(name, `must be >= ${spec.min}, got ${raw}`);
  if (spec.max !== undefined && value > spec.max) throw new ParameterError(name, `must be <= ${spec.max}, got ${raw}`);
  return stored(spec, value);
}

/**
 * Integers as small integers. A number read from an object field that once held a fraction (a
 * spec's `default`) arrives boxed as a double; sizes such as a batch size then reach the numeric
 * kernels as doubles, and V8 recompiles their loops with double index arithmetic, ~25% slower.
 */
function stored(spec: ParameterSpec, value: number): number {
  return (spec.integer || spec.powerOfTwo) && Math.abs(value) < 2 ** 30 ? value | 0 : value;
}

/** Whether value is 2^k for an integer k >= 0. */
export function isPowerOfTwo(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && 2 ** Math.round(Math.log2(value)) === value;
}

/**
 * Parses `name=value` assignments, as given by repeated `--set` flags (a later one wins). The
 * result has no prototype, so that a name such as `__proto__` is an ordinary (unknown) key.
 */
export function parseAssignments(assignments: readonly string[]): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const item of assignments) {
    const eq = item.indexOf('=');
    if (eq <= 0 || item.slice(0, eq).trim() === '') throw new ParameterError(item, "must be written name=value (for example --set n=4)");
    out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return out;
}
