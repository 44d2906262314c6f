/**
 * Internal argument checks shared by the kernels. Messages name the function, the argument,
 * what was expected and what was received.
 */

/** Throws a TypeError unless `value` is a Float64Array. */
export function checkFloat64(fn: string, arg: string, value: unknown): asserts value is Float64Array {
  // By tag, not instanceof: arrays that crossed from a worker or another realm are Float64Arrays too.
  if (Object.prototype.toString.call(value) !== '[object Float64Array]') {
    const kind = value === null ? 'null' : typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
    throw new TypeError(`${fn}: ${arg} must be a Float64Array, received ${kind}`);
  }
}

/** Throws unless `value` is a Float64Array with at least `needed` elements (shape described by `shape`). */
export function checkAtLeast(fn: string, arg: string, value: unknown, needed: number, shape: string): asserts value is Float64Array {
  checkFloat64(fn, arg, value);
  if (value.length < needed) {
    throw new RangeError(`${fn}: ${arg} must have length >= ${needed} (${shape}), received length ${value.length}`);
  }
}

/** Throws unless `value` is a Float64Array of exactly `needed` elements. */
export function checkExactly(fn: string, arg: string, value: unknown, needed: number, shape: string): asserts value is Float64Array {
  checkFloat64(fn, arg, value);
  if (value.length !== needed) {
    throw new RangeError(`${fn}: ${arg} must have length ${needed} (${shape}), received length ${value.length}`);
  }
}

/** Throws a RangeError unless `value` is a positive integer. */
export function checkPositiveInt(fn: string, arg: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${fn}: ${arg} must be a positive integer, received ${typeof value}`);
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${fn}: ${arg} must be a positive integer, received ${value}`);
}
