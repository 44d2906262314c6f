/**
 * Internal argument checks. Messages name the function, the argument, what was expected and
 * what was received, e.g. `symEig: A must have length n*n=16, got 15`.
 */

/** Throws unless `value` is a Float64Array (a TypeError: wrong kind, not wrong size). */
export function checkFloat64(fn: string, arg: string, value: unknown): asserts value is Float64Array {
  // By tag, not instanceof: arrays that crossed from a worker or another realm are Float64Arrays too.
  if (Object.prototype.toString.call(value) !== '[object Float64Array]') {
    const kind = value === null ? 'null' : typeof value === 'object' ? value.constructor.name : typeof value;
    throw new TypeError(`${fn}: ${arg} must be a Float64Array, got ${kind}`);
  }
}

/** Throws unless `value` is a Float64Array of exactly `expected` elements; `shape` spells the formula, e.g. 'm*n'. */
export function checkLength(fn: string, arg: string, value: unknown, expected: number, shape: string): asserts value is Float64Array {
  checkFloat64(fn, arg, value);
  if (value.length !== expected) {
    throw new RangeError(`${fn}: ${arg} must have length ${shape}=${expected}, got ${value.length}`);
  }
}

/**
 * Throws a RangeError if any entry is NaN or infinite: the iterative kernels could not converge
 * on such input, so it is reported where it enters. O(length), small next to the O(n³) work.
 */
export function checkAllFinite(fn: string, arg: string, value: Float64Array): void {
  for (let i = 0; i < value.length; i++) {
    if (!Number.isFinite(value[i])) throw new RangeError(`${fn}: ${arg} must be finite, got ${value[i]} at index ${i}`);
  }
}

/** Throws a RangeError unless `value` is a positive integer. */
export function checkDim(fn: string, arg: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${fn}: ${arg} must be a positive integer, got ${value}`);
  }
}

/** Throws a RangeError unless `value` is a non-negative integer. */
export function checkCount(fn: string, arg: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${fn}: ${arg} must be a non-negative integer, got ${value}`);
  }
}

/** Throws a RangeError unless `value` is finite. */
export function checkFinite(fn: string, arg: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${fn}: ${arg} must be a finite number, got ${value}`);
}

/** Throws a RangeError unless `value` is finite and >= 0. */
export function checkNonNegative(fn: string, arg: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${fn}: ${arg} must be a finite number >= 0, got ${value}`);
  }
}

/** Throws a RangeError if two arrays share storage (in-place use is not supported there). */
export function checkDistinct(fn: string, argA: string, a: Float64Array, argB: string, b: Float64Array): void {
  if (a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength) {
    throw new RangeError(`${fn}: ${argA} and ${argB} must not overlap, got overlapping arrays`);
  }
}
