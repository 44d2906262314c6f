/** A method met a non-finite intermediate (the physics or the step blew up): its run diverged. */
export class NonFiniteError extends Error {
  constructor(what: string) {
    super(`non-finite ${what}`);
    this.name = 'NonFiniteError';
  }
}

/** Throws a NonFiniteError naming `what` unless every value of a is finite. */
export function assertFinite(a: Float64Array, what: string): void {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) throw new NonFiniteError(what);
}
