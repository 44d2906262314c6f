import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { RunSpec } from './run-spec.js';

/** Hex digits of the hash kept in an id: 48 bits, no collision in any sweep of sane size. */
const HASH_DIGITS = 12;

/**
 * The id of a one-method run, derived from what defines it: experiment, method, seed, parameter
 * overrides (values as numbers, so `0.50` and `0.5` are the same run), budget, half-inverse
 * route, evaluation cadence, and the warm start's weights (`initDigest`, a digest of the
 * controller's files, not its path). Readable head, stable hash tail: `HIG-s3-1f0c9a4be27d`.
 */
export function runId(spec: RunSpec, initDigest?: string): string {
  if (spec.methods.length !== 1) throw new RangeError(`runId: a sweep's run trains one method, got ${spec.methods.length}`);
  const method = spec.methods[0];
  const set: Record<string, number> = {};
  for (const [name, value] of Object.entries(spec.set)) {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) throw new TypeError(`runId: set.${name} must be a number, got '${value}'`);
    set[name] = number;
  }
  const identity = canonicalJson({
    experiment: spec.experiment,
    method,
    seed: spec.seed,
    set,
    budget: { ...spec.budget },
    route: spec.route ?? 'gram',
    // trainRun evaluates after every epoch unless told otherwise.
    evalEvery: spec.evalEvery ?? { epochs: 1 },
    init: initDigest ?? (spec.initFrom === undefined ? null : spec.initFrom),
  });
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, HASH_DIGITS);
  return `${method}-s${spec.seed}-${hash}`;
}
