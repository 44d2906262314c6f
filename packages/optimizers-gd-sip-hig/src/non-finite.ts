/** A method met a non-finite intermediate (the physics or the step blew up): its run diverged. */
export class NonFiniteError extends Error {
  constructor(what: string) {
    super(`non-finite ${what}`);
    this.name = 'NonFiniteError';
  }
}

/** Whether a[0 .. length) is all finite (a length, not a view, so that hot paths allocate nothing). */
export function isAllFinite(a: Float64Array, length = a.length): boolean {
  for (let i = 0; i < length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

/** Throws a NonFiniteError naming `what` unless a[0 .. length) is all finite. */
export function assertFinite(a: Float64Array, what: string, length = a.length): void {
  if (!isAllFinite(a, length)) throw new NonFiniteError(what);
}
